import type { INestApplication, LoggerService, ModuleMetadata, NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { request as httpRequest } from 'node:http';

/** Keeps every line the app logs, so tests can assert on it (and on what it must never contain). */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(...args: unknown[]) { this.keep('log', args); }
  error(...args: unknown[]) { this.keep('error', args); }
  warn(...args: unknown[]) { this.keep('warn', args); }
  debug(...args: unknown[]) { this.keep('debug', args); }
  verbose(...args: unknown[]) { this.keep('verbose', args); }
  fatal(...args: unknown[]) { this.keep('fatal', args); }
  get text(): string { return this.lines.join('\n'); }
  private keep(level: string, args: unknown[]) {
    this.lines.push(`${level} ${args.map((arg) => (arg instanceof Error ? arg.stack : String(arg))).join(' ')}`);
  }
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface TestApp {
  app: INestApplication;
  /** The platform the app runs on. */
  platform: 'express' | 'fastify';
  url: string;
  logger: CapturingLogger;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  close(): Promise<void>;
}

/** Boots a real Nest app on a free loopback port. */
export async function startApp(
  imports: ModuleMetadata['imports'],
  extra: ModuleMetadata = {},
  globalPrefix?: string,
  appOptions: NestApplicationOptions = {},
  /** Set-up before the app listens, e.g. `(app) => app.enableCors(...)`. */
  configure?: (app: INestApplication) => void,
): Promise<TestApp> {
  const logger = new CapturingLogger();
  const moduleRef = await Test.createTestingModule({ imports, ...extra }).setLogger(logger).compile();
  // The e2e suites run once per platform: NAVAI_TEST_ADAPTER=fastify selects Fastify.
  const app =
    process.env.NAVAI_TEST_ADAPTER === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { ...appOptions, logger })
      : moduleRef.createNestApplication({ ...appOptions, logger });
  if (globalPrefix) app.setGlobalPrefix(globalPrefix);
  configure?.(app);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    platform: app.getHttpAdapter().getType() === 'fastify' ? 'fastify' : 'express',
    url,
    logger,
    request: (method, path, body, headers) => send(url, method, path, body, headers),
    close: () => app.close(),
  };
}

export async function send(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const response = await fetch(url + path, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs a JSON body in chunks of `chunkSize`, without Content-Length (Transfer-Encoding: chunked). */
export function postChunked(url: string, path: string, body: string, chunkSize = 256): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += chunkSize) req.write(body.slice(i, i + chunkSize));
    req.end();
  });
}

/** POSTs JSON, then goes away after `leaveAfterMs` without reading the answer; resolves with the fetch's error name. */
export async function postAndLeave(url: string, path: string, body: unknown, leaveAfterMs: number): Promise<string> {
  const client = new AbortController();
  const pending = fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: client.signal,
  }).then(
    () => 'answered',
    (error: Error) => error.name,
  );
  await new Promise((resolve) => setTimeout(resolve, leaveAfterMs));
  client.abort();
  return pending;
}
