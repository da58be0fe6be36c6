/** The raw Node response (Express's `res`, Fastify's `reply.raw`): it tells when the client went away. */
export interface RawResponse {
  destroyed: boolean;
  writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

export function rawResponse(response: unknown): RawResponse | undefined {
  const raw = (response as { raw?: unknown } | undefined)?.raw ?? response;
  return typeof (raw as RawResponse | undefined)?.once === 'function' ? (raw as RawResponse) : undefined;
}

/** A signal that aborts when the client goes away before its answer is complete. */
export function clientGoneSignal(response: unknown, reason: () => unknown): AbortSignal {
  const controller = new AbortController();
  const raw = rawResponse(response);
  if (raw?.destroyed && !raw.writableFinished) controller.abort(reason());
  else raw?.once('close', () => raw.writableFinished || controller.abort(reason()));
  return controller.signal;
}
