import type { HttpServer } from '@nestjs/common';
import type { StoredJson } from './stored-json.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Below this, a stored answer is sent as it is: gzip would save too little to matter. */
const GZIP_MIN_BYTES = 1024;

interface RequestLike {
  headers?: Record<string, unknown>;
}

interface ResponseLike {
  getHeader(name: string): unknown;
}

/**
 * Sends JSON that is already serialized, as it is, on Express or Fastify. A stored answer goes with
 * its ETag (304 and no body when If-None-Match names it), gzipped for a client that accepts gzip.
 */
export function replyJson(adapter: HttpServer, req: unknown, res: unknown, json: Buffer | StoredJson): void {
  adapter.setHeader(res, 'Content-Type', JSON_CONTENT_TYPE);
  if (Buffer.isBuffer(json)) return send(adapter, res, json);
  const headers = (req as RequestLike).headers ?? {};
  const gzip = json.body.length >= GZIP_MIN_BYTES && acceptsGzip(headers['accept-encoding']);
  const { body, etag } = gzip ? json.gzip : json;
  const vary = (res as ResponseLike).getHeader('vary');
  adapter.setHeader(res, 'Vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
  adapter.setHeader(res, 'ETag', etag);
  if (namesEtag(headers['if-none-match'], etag)) return void adapter.reply(res, undefined, 304);
  if (gzip) adapter.setHeader(res, 'Content-Encoding', 'gzip');
  send(adapter, res, body);
}

function send(adapter: HttpServer, res: unknown, body: Buffer): void {
  // Express's adapter would send a Buffer as JSON of its bytes; Express's own send() takes it as it is.
  if (adapter.getType() === 'express') return void (res as { send(body: Buffer): void }).send(body);
  adapter.reply(res, body, 200);
}

/** `gzip` (or `x-gzip`, or `*`) listed without `q=0`. */
function acceptsGzip(header: unknown): boolean {
  if (typeof header !== 'string') return false;
  let any = false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.split(';').map((piece) => piece.trim());
    const q = params.find((param) => param.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') any = accepted;
  }
  return any;
}

/** If-None-Match compares weakly: `W/"x"` names `"x"`; `*` names any. */
function namesEtag(header: unknown, etag: string): boolean {
  if (typeof header !== 'string') return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
