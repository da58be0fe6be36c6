import type { HttpServer } from '@nestjs/common';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Sends JSON that is already serialized, as it is, on Express or Fastify. With an ETag, a request
 * whose If-None-Match names it gets 304 and no body.
 */
export function replyJson(adapter: HttpServer, req: unknown, res: unknown, body: Buffer, etag?: string): void {
  adapter.setHeader(res, 'Content-Type', JSON_CONTENT_TYPE);
  if (etag) {
    adapter.setHeader(res, 'ETag', etag);
    if (namesEtag((req as { headers?: Record<string, unknown> }).headers?.['if-none-match'], etag)) {
      return void adapter.reply(res, undefined, 304);
    }
  }
  // Express's adapter would send a Buffer as JSON of its bytes; Express's own send() takes it as it is.
  if (adapter.getType() === 'express') return void (res as { send(body: Buffer): void }).send(body);
  adapter.reply(res, body, 200);
}

/** If-None-Match compares weakly: `W/"x"` names `"x"`; `*` names any. */
function namesEtag(header: unknown, etag: string): boolean {
  if (typeof header !== 'string') return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
