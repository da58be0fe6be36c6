import { request } from 'node:http';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

/** A POST from a chosen loopback address: two addresses are two clients to the throttler. */
function postFrom(localAddress: string, url: string, path: string): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('rate limiting the client-secret route per client with @nestjs/throttler', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  beforeAll(async () => {
    fake = await FakeOpenAI.start([CANARY_KEY]);
    app = await startApp([
      ThrottlerModule.forRoot([{ ttl: 60_000, limit: 2 }]),
      NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, clientSecretGuards: [ThrottlerGuard] }),
    ]);
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('refuses a client past its limit with 429 and Retry-After, while other clients still mint', async () => {
    const path = '/navai/realtime/client-secret';
    expect((await postFrom('127.0.0.2', app.url, path)).status).toBe(200);
    expect((await postFrom('127.0.0.2', app.url, path)).status).toBe(200);
    const limited = await postFrom('127.0.0.2', app.url, path);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect((await postFrom('127.0.0.3', app.url, path)).status).toBe(200);
    expect(fake.requests).toHaveLength(3);
  });

  it('leaves the function routes alone', async () => {
    for (let i = 0; i < 4; i += 1) expect((await app.request('GET', '/navai/functions')).status).toBe(200);
  });
});

describe('rate limiting the execute route with the guards extra', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([
      ThrottlerModule.forRoot([{ ttl: 60_000, limit: 1 }]),
      NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none', guards: [ThrottlerGuard] }),
    ]);
  });
  afterAll(() => app.close());

  it('answers 429 in the execute envelope, code RATE_LIMITED', async () => {
    const body = { function_name: 'nothing_here' };
    expect((await app.request('POST', '/navai/functions/execute', body)).status).toBe(404);
    const limited = await app.request('POST', '/navai/functions/execute', body);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      error: 'ThrottlerException: Too Many Requests',
      details: 'ThrottlerException: Too Many Requests',
    });
  });
});
