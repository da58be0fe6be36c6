import { rawResponse } from '../utils/raw-response.js';
import type { ToolCallContext } from './tool-call.context.js';

export interface CallBounds {
  timeoutMs: number;
  /** The route's response, to notice a client that goes away. */
  response: unknown;
  /** Aborts when whatever asked for the call is gone (a server-side call that ended). */
  signal?: AbortSignal;
  timedOut: () => unknown;
  clientGone: () => unknown;
  /** A failure that arrives after the call was abandoned. */
  onLateFailure: (error: unknown) => void;
}

/**
 * Runs `call` unless the client has gone already, stopping `context` (its signal aborts) on
 * timeout, when the client goes away or when `signal` aborts;
 * either way the returned promise rejects with the reason at once, whether or not the call
 * honours the signal, and its late result is dropped. A call that returns synchronously is
 * already done: nothing is armed, and its value is returned as it is.
 */
export function callWithinBounds(call: () => unknown, context: ToolCallContext, bounds: CallBounds): unknown {
  const raw = rawResponse(bounds.response);
  // Gone while guards or validation ran: its `close` has fired already, so it would not be noticed.
  if ((raw?.destroyed && !raw.writableFinished) || bounds.signal?.aborted) throw bounds.clientGone();
  const result = call();
  if (!isThenable(result)) return result;
  return new Promise<unknown>((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      raw?.off('close', onClose);
      bounds.signal?.removeEventListener('abort', onAbort);
    };
    const stop = (reason: unknown) => {
      if (context.stopped) return;
      settle();
      context.stop(reason);
      reject(reason);
    };
    const onClose = () => {
      if (!raw!.writableFinished) stop(bounds.clientGone());
    };
    const onAbort = () => stop(bounds.clientGone());
    const timer = setTimeout(() => stop(bounds.timedOut()), bounds.timeoutMs);
    raw?.once('close', onClose);
    bounds.signal?.addEventListener('abort', onAbort, { once: true });
    result.then(
      (value) => {
        if (context.stopped) return;
        settle();
        resolve(value);
      },
      (error: unknown) => {
        if (context.stopped) return bounds.onLateFailure(error);
        settle();
        reject(error);
      },
    );
  });
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
