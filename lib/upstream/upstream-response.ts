import type { Dispatcher } from 'undici';

/** One header of an upstream answer, repeated values joined. */
export function headerOf(response: Pick<Dispatcher.ResponseData, 'headers'>, name: string): string | null {
  const value = response.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/** A Retry-After worth passing on (delay-seconds or an HTTP date), else undefined. */
export function retryAfter(header: string | null): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  return /^\d{1,9}$/.test(value) || !Number.isNaN(Date.parse(value)) ? value : undefined;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
