import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkClientSecretRequest, checkSafetyIdentifier } from './openai-request-check.js';
import { FakeRealtimeCalls } from './fake-realtime-calls.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What the fake does with the next requests; `mint` (the default) answers as OpenAI does on success. */
export type FakeBehaviour =
  | { kind: 'mint'; delayMs?: number }
  | { kind: 'reply'; status: number; body: string | object; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'close' }
  | { kind: 'reset-mid-body' };

/**
 * A stand-in for api.openai.com on loopback. It records every request and answers
 * 400/401/404 exactly where OpenAI would: wrong path, missing or unknown key, bad body.
 * `calls` is its calls side: `/realtime/calls`, call control and the sideband WebSocket.
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  readonly validKeys = new Set<string>();
  /** Every client secret it minted, so a fake of `/realtime/calls` can accept exactly those. */
  readonly minted = new Set<string>();
  behaviour: FakeBehaviour = { kind: 'mint' };
  readonly calls = new FakeRealtimeCalls((key) => this.validKeys.has(key));
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(validKeys: string[] = []): Promise<FakeOpenAI> {
    const server = createServer();
    const fake = new FakeOpenAI(server);
    validKeys.forEach((key) => fake.validKeys.add(key));
    server.on('request', (req, res) => void fake.handle(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!fake.calls.upgrade(req, socket, head)) socket.destroy();
    });
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  get lastBody(): Record<string, any> {
    return this.requests.at(-1)?.body as Record<string, any>;
  }

  async close(): Promise<void> {
    this.calls.close();
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    const behaviour = this.behaviour;
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'close') return void req.socket.destroy();
    if (behaviour.kind === 'reset-mid-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
      res.write('{"value":"ek_');
      setTimeout(() => req.socket.resetAndDestroy(), 20);
      return;
    }
    if (behaviour.kind === 'reply') {
      const text = typeof behaviour.body === 'string' ? behaviour.body : JSON.stringify(behaviour.body);
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      return void res.end(text);
    }
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    if (await this.calls.handle(req, raw, res)) return;
    this.answer(req, body, res);
  }

  private answer(req: IncomingMessage, body: unknown, res: ServerResponse): void {
    const send = (status: number, payload: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${randomBytes(6).toString('hex')}` });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, message: string, param: string | null = null, type = 'invalid_request_error') =>
      send(status, { error: { type, message, param, code: null } });

    if (req.method !== 'POST' || req.url !== '/v1/realtime/client_secrets') {
      return error(404, `Invalid URL (${req.method} ${req.url})`);
    }
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!key) return error(401, "You didn't provide an API key.");
    // Harsher than OpenAI, which masks the key: a leak of this message must not leak the key.
    if (!this.validKeys.has(key)) return error(401, `Incorrect API key provided: ${key}.`, null);
    if (req.headers['openai-beta']) return error(400, 'The beta Realtime API is no longer available.');
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return error(400, 'Content-Type must be application/json.');
    }
    const identifierProblem = checkSafetyIdentifier(req.headers['openai-safety-identifier']);
    if (identifierProblem) return error(400, identifierProblem.message, identifierProblem.param);
    const problem = checkClientSecretRequest(body ?? {});
    if (problem) return error(400, problem.message, problem.param);

    const request = (body ?? {}) as { expires_after?: { seconds: number }; session?: Record<string, unknown> };
    const ttl = request.expires_after?.seconds ?? 600;
    const session = request.session ?? { type: 'realtime', model: 'gpt-realtime' };
    const value = `ek_${randomBytes(12).toString('hex')}`;
    this.minted.add(value);
    send(200, {
      value,
      expires_at: Math.floor(Date.now() / 1000) + ttl,
      session: { ...session, object: 'realtime.session', id: `sess_${randomBytes(8).toString('hex')}` },
    });
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
