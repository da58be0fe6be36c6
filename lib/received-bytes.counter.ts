import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';

const RECEIVED = Symbol('navai.receivedBytes');

type Counted = IncomingMessage & { [RECEIVED]?: { bytes: number } };

const counting = new WeakSet<object>();

/**
 * Counts the body bytes a request without a declared length (chunked) brings, as they arrive:
 * the parsed body can be much smaller than what was sent (whitespace), and body limits hold for
 * bytes received. Requests with a Content-Length are not touched.
 */
@Injectable()
export class ReceivedBytesCounter implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || typeof server.prependListener !== 'function' || counting.has(server)) return;
    counting.add(server);
    server.prependListener('request', countBodyBytes);
  }
}

function countBodyBytes(req: Counted): void {
  if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] === undefined) return;
  const counter = { bytes: 0 };
  req[RECEIVED] = counter;
  // Node's HTTP parser hands every body chunk to push(), before any reader sees it.
  const push = req.push;
  req.push = function (chunk: unknown, encoding?: BufferEncoding) {
    if (chunk) counter.bytes += (chunk as Buffer).length;
    return push.call(this, chunk, encoding);
  };
}

/** The body bytes received for a request (Express's, or Fastify's whose `raw` it is); 0 when not counted. */
export function receivedBytes(req: unknown): number {
  const raw = ((req as { raw?: unknown }).raw ?? req) as Counted;
  return raw[RECEIVED]?.bytes ?? 0;
}
