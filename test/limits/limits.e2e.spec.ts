import { gzipSync } from 'node:zlib';
import { Injectable, Module } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, NavaiTool } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { postChunked, startApp, type TestApp } from '../support/test-app.js';

const EXECUTE = '/navai/functions/execute';
const MINT = '/navai/realtime/client-secret';

@Injectable()
class MergeTools {
  calls = 0;

  /** A careless deep merge, the classic way a payload pollutes prototypes. */
  @NavaiTool()
  merge(payload: Record<string, unknown>) {
    this.calls += 1;
    const merge = (target: Record<string, any>, source: Record<string, any>) => {
      for (const key of Object.keys(source)) {
        if (typeof source[key] === 'object' && source[key] !== null) merge((target[key] ??= {}), source[key]);
        else target[key] = source[key];
      }
      return target;
    };
    return merge({}, payload);
  }
}

@Module({ providers: [MergeTools] })
class MergeModule {}


let fake: FakeOpenAI;
let app: TestApp;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([
    NavaiModule.forRoot({
      apiKey: CANARY_KEY,
      baseUrl: fake.baseUrl,
      functionsFolders: 'test/fixtures/none',
      bodyLimit: 2048,
      maxPayloadDepth: 5,
      maxPayloadValues: 50,
    }),
    MergeModule,
  ]);
});
afterAll(async () => {
  await app.close();
  await fake.close();
});
afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('body size', () => {
  const big = JSON.stringify({ function_name: 'merge', payload: { text: 'x'.repeat(3000) } });

  it('answers 413 past the module limit on the execute route, in its envelope', async () => {
    const res = await app.request('POST', EXECUTE, big);
    expect(res.status).toBe(413);
    expect(res.json).toEqual({
      ok: false,
      code: 'PAYLOAD_TOO_LARGE',
      error: 'The request body is larger than 2048 bytes.',
      details: 'The request body is larger than 2048 bytes.',
    });
    expect(app.app.get(MergeTools).calls).toBe(0);
  });

  it('answers 413 past the module limit on the client-secret route, in Nest\'s shape', async () => {
    const before = fake.requests.length;
    const res = await app.request('POST', MINT, JSON.stringify({ instructions: 'x'.repeat(3000) }));
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ statusCode: 413, message: 'The request body is larger than 2048 bytes.', error: 'Payload Too Large' });
    expect(fake.requests.length).toBe(before);
  });

  it('holds chunked bodies, which declare no length, to the same limit', async () => {
    const res = await postChunked(app.url, EXECUTE, big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).code).toBe('PAYLOAD_TOO_LARGE');
    const small = await postChunked(app.url, EXECUTE, JSON.stringify({ function_name: 'merge', payload: { a: 1 } }));
    expect(small.status).toBe(200);
  });

  it('holds a compressed body to the limit by its inflated size', async () => {
    const callsBefore = app.app.get(MergeTools).calls;
    const res = await fetch(app.url + EXECUTE, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(big),
    });
    const json = (await res.json()) as { code?: string };
    // Express inflates the body before the module sees it; Fastify's parser refuses compressed JSON.
    const expected = { express: { status: 413, code: 'PAYLOAD_TOO_LARGE' }, fastify: { status: 400, code: undefined } }[app.platform];
    expect({ status: res.status, code: json.code }).toEqual(expected);
    expect(app.app.get(MergeTools).calls).toBe(callsBefore);
  });

  it('lets the platform refuse bodies past its own parser limit with JSON, not HTML', async () => {
    const roomy = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, bodyLimit: 10 * 1024 * 1024 })]);
    try {
      const res = await roomy.request('POST', MINT, JSON.stringify({ instructions: 'x'.repeat(2 * 1024 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    } finally {
      await roomy.close();
    }
  });
});

describe('function_name', () => {
  it.each([
    ['longer than 64 characters', 'a'.repeat(65)],
    ['with spaces', 'drop tables'],
    ['with punctuation', 'merge;rm'],
    ['with a path', '../merge'],
    ['with non-ASCII letters', 'mérge'],
  ])('answers 400 INVALID_REQUEST for a name %s, without a lookup', async (_, name) => {
    const res = await app.request('POST', EXECUTE, { function_name: name });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      ok: false,
      code: 'INVALID_REQUEST',
      error: 'Invalid function_name.',
      details: 'function_name must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -.',
    });
    expect(res.json).not.toHaveProperty('available_functions');
  });

  it('accepts 64 characters and surrounding spaces', async () => {
    expect((await app.request('POST', EXECUTE, { function_name: 'a'.repeat(64) })).status).toBe(404);
    expect((await app.request('POST', EXECUTE, { function_name: '  MERGE  ' })).status).toBe(200);
  });
});

describe('payload limits', () => {
  const nest = (depth: number): unknown => (depth === 0 ? 1 : { a: nest(depth - 1) });

  it('answers 400 for a payload deeper than maxPayloadDepth', async () => {
    expect((await app.request('POST', EXECUTE, { function_name: 'merge', payload: nest(5) })).status).toBe(200);
    const res = await app.request('POST', EXECUTE, { function_name: 'merge', payload: nest(6) });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'INVALID_REQUEST', details: 'The payload nests deeper than 5 levels.' });
  });

  it('answers 413 for a payload with more than maxPayloadValues values', async () => {
    expect((await app.request('POST', EXECUTE, { function_name: 'merge', payload: { list: Array(49).fill(0) } })).status).toBe(200);
    const res = await app.request('POST', EXECUTE, { function_name: 'merge', payload: { list: Array(50).fill(0) } });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: 'The payload holds more than 50 values.' });
  });

  it.each([
    ['__proto__', '{"function_name":"merge","payload":{"__proto__":{"polluted":true}}}', '__proto__'],
    ['nested __proto__', '{"function_name":"merge","payload":{"a":{"__proto__":{"polluted":true}}}}', '__proto__'],
    ['constructor.prototype', '{"function_name":"merge","payload":{"constructor":{"prototype":{"polluted":true}}}}', 'constructor'],
    ['prototype', '{"function_name":"merge","payload":{"x":{"prototype":{"polluted":true}}}}', 'prototype'],
  ])('refuses a payload with %s, and nothing is polluted', async (_, body, key) => {
    const calls = app.app.get(MergeTools).calls;
    const res = await app.request('POST', EXECUTE, body);
    expect(res.status).toBe(400);
    // Fastify's JSON parser refuses __proto__ and constructor.prototype itself, before the route.
    const refusedByParser = app.platform === 'fastify' && key !== 'prototype';
    expect(res.json).toMatchObject(
      refusedByParser
        ? { statusCode: 400, message: "Body is not valid JSON but content-type is set to 'application/json'" }
        : { code: 'INVALID_REQUEST', details: `The payload may not contain the key "${key}".` },
    );
    expect(app.app.get(MergeTools).calls).toBe(calls);
  });

  it('never pollutes through the envelope or the client-secret body either', async () => {
    await app.request('POST', EXECUTE, '{"function_name":"merge","__proto__":{"polluted":true},"payload":{}}');
    const before = fake.requests.length;
    const res = await app.request('POST', MINT, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    // Express parses it and the DTO strips both keys; Fastify's parser refuses the body.
    expect(res.status).toBe(app.platform === 'express' ? 200 : 400);
    expect(fake.requests.slice(before).every((sent) => !JSON.stringify(sent.body).includes('polluted'))).toBe(true);
  });
});
