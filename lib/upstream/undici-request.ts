import type { request } from 'undici';

let loading: Promise<typeof request> | undefined;

/**
 * undici's request(): the keep-alive pool Node's fetch is built on, without fetch's cost per call.
 * Loaded with the first upstream call, not at start-up.
 */
export function undiciRequest(): Promise<typeof request> {
  loading ??= import('undici').then((module) => module.request);
  return loading;
}
