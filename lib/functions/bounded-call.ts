/** The raw Node response (Express's `res`, Fastify's `reply.raw`): it tells when the client went away. */
interface RawResponse {
  writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

export interface CallBounds<Reason> {
  timeoutMs: number;
  /** The route's response, to notice a client that goes away. */
  response: unknown;
  timedOut: () => Reason;
  clientGone: () => Reason;
  /** A failure that arrives after the call was abandoned. */
  onLateFailure: (error: unknown) => void;
}

/**
 * Runs `call` with a signal that aborts on timeout or when the client goes away; either way the
 * returned promise rejects with the reason at once, whether or not the call honours the signal,
 * and its late result is dropped.
 */
export function callWithinBounds<Reason>(call: (signal: AbortSignal) => unknown, bounds: CallBounds<Reason>): Promise<unknown> {
  const controller = new AbortController();
  const running = new Promise<unknown>((resolve) => resolve(call(controller.signal)));
  const raw = rawResponse(bounds.response);
  let timer: NodeJS.Timeout | undefined;
  let onClose: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    const stop = (reason: Reason) => {
      controller.abort(reason);
      reject(reason);
    };
    timer = setTimeout(() => stop(bounds.timedOut()), bounds.timeoutMs);
    if (!raw) return;
    onClose = () => {
      if (!raw.writableFinished) stop(bounds.clientGone());
    };
    raw.once('close', onClose);
  });
  running.catch((error: unknown) => {
    if (controller.signal.aborted) bounds.onLateFailure(error);
  });
  return Promise.race([running, stopped]).finally(() => {
    clearTimeout(timer);
    if (onClose) raw?.off('close', onClose);
  });
}

function rawResponse(response: unknown): RawResponse | undefined {
  const raw = (response as { raw?: unknown } | undefined)?.raw ?? response;
  return typeof (raw as RawResponse | undefined)?.once === 'function' ? (raw as RawResponse) : undefined;
}
