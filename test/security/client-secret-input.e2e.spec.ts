import { ValidationPipe } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

const PATH = '/navai/realtime/client-secret';
const nested = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
});
afterAll(() => fake.close());

describe('the route behaves as documented whatever global pipes the app has', () => {
  let app: TestApp;
  beforeAll(async () => {
    const strict = new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true });
    app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl })], {
      providers: [{ provide: APP_PIPE, useValue: strict }],
    });
  });
  afterAll(() => app.close());

  it('strips unknown fields (forbidNonWhitelisted does not apply)', async () => {
    const res = await app.request('POST', PATH, { voice: 'cedar', clientVersion: '0.1.7', extra: { a: 1 } });
    expect(res.status, res.text).toBe(200);
    expect(fake.lastBody.session.audio.output.voice).toBe('cedar');
  });

  it('answers a deeply nested body with 400, never 500 (transform does not walk it)', async () => {
    const body = `{"model":"gpt-realtime","instructions":${nested(8000)}}`;
    expect(body.length).toBeGreaterThan(40_000);
    const res = await app.request('POST', PATH, body, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ statusCode: 400, message: expect.arrayContaining(['instructions must be a string']), error: 'Bad Request' });
  });

  it('keeps the execute envelope for a body the global pipe would refuse', async () => {
    const res = await app.request('POST', '/navai/functions/execute', { function_name: 'nothing_here', extra: 1 });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('UNKNOWN_FUNCTION');
  });
});

describe('names and keys that would reach logs or headers', () => {
  let app: TestApp;
  let keyed: TestApp;
  beforeAll(async () => {
    app = await startApp([NavaiModule.forRoot({ baseUrl: fake.baseUrl, allowFrontendApiKey: true })]);
    keyed = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl })]);
  });
  afterAll(async () => {
    await app.close();
    await keyed.close();
  });

  it.each([
    ['model', 'gpt-realtime\n[Nest] 1  - 12/02/2026, 1:00:00 AM   ERROR [Auth] admin login from 10.0.0.1'],
    ['model', 'gpt-realtime\r'],
    ['model', 'gpt\u0000realtime'],
    ['model', 'gpt\u001b[31mrealtime'],
    ['model', 'gpt\u2028realtime'],
    ['voice', 'marin\nERROR forged'],
    ['voice', 'mar\u0085in'],
  ])('refuses a %s with control characters (%j): 400, before calling OpenAI', async (field, value) => {
    const before = fake.requests.length;
    const res = await keyed.request('POST', PATH, { [field]: value });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ statusCode: 400, message: [`${field} must not contain control characters or line breaks`], error: 'Bad Request' });
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    ['a line break', 'sk-abc\r\nX-Injected: 1'],
    ['a NUL', 'sk-abc\u0000def'],
    ['a space inside', 'sk-abc def'],
    ['a character outside Latin-1', 'sk-abc\u2603'],
    ['a Latin-1 letter', 'sk-ab\u00e9'],
  ])('refuses a request apiKey with %s: 400, not a 502 "could not reach OpenAI"', async (_, apiKey) => {
    const before = fake.requests.length;
    const res = await app.request('POST', PATH, { apiKey });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      statusCode: 400,
      message: ['apiKey must be an OpenAI API key: visible ASCII characters only, without spaces, line breaks or control characters'],
      error: 'Bad Request',
    });
    expect(fake.requests.length).toBe(before);
    expect(app.logger.text).not.toMatch(/network/);
  });

  it('takes a request apiKey with blanks around it, trimmed', async () => {
    fake.validKeys.add('sk-request-key-1');
    const res = await app.request('POST', PATH, { apiKey: '  sk-request-key-1 \n' });
    expect(res.status, res.text).toBe(200);
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-request-key-1');
  });
});
