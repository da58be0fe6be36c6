import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI, type FakeBehaviour } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

const PATH = '/navai/realtime/client-secret';
let fake: FakeOpenAI;
let app: TestApp;

beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, upstreamTimeoutMs: 300 })]);
});
afterAll(async () => {
  await app.close();
  await fake.close();
});
afterEach(async () => {
  // The key never leaves the server, whatever happened; and the next request succeeds.
  expect(app.logger.text).not.toContain(CANARY_KEY);
  fake.behaviour = { kind: 'mint' };
  const next = await app.request('POST', PATH, {});
  expect(next.status).toBe(200);
});

const openAIError = (status: number, message: string, param: string | null = null): FakeBehaviour => ({
  kind: 'reply',
  status,
  body: { error: { type: 'invalid_request_error', message, param, code: null } },
  headers: { 'x-request-id': `req_test_${status}` },
});

async function failWith(behaviour: FakeBehaviour) {
  fake.behaviour = behaviour;
  const res = await app.request('POST', PATH, {});
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.text).not.toContain(CANARY_KEY);
  expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return res;
}

describe('upstream failures become clear HTTP errors', () => {
  it.each([401, 403])('%i from OpenAI → 502 naming the server credentials', async (status) => {
    const res = await failWith(openAIError(status, `Incorrect API key provided: ${CANARY_KEY}.`));
    expect(res.status).toBe(502);
    expect(res.json).toEqual({
      statusCode: 502,
      message: "OpenAI rejected the server's credentials; check OPENAI_API_KEY.",
      error: 'Bad Gateway',
    });
    expect(app.logger.text).toContain(`OpenAI client_secrets failed (${status}, request id req_test_${status}): Incorrect API key provided: [redacted].`);
  });

  it('a key the real check rejects → 502 (the fake answers 401 as OpenAI does)', async () => {
    fake.validKeys.delete(CANARY_KEY);
    try {
      const res = await failWith({ kind: 'mint' });
      expect(res.status).toBe(502);
      expect(res.json.message).toBe("OpenAI rejected the server's credentials; check OPENAI_API_KEY.");
      expect(app.logger.text).toContain('OpenAI client_secrets failed (401');
    } finally {
      fake.validKeys.add(CANARY_KEY);
    }
  });

  it('400 → 502 with OpenAI\'s message naming the field', async () => {
    const res = await failWith(openAIError(400, "Invalid value: 'onyx'.", 'session.audio.output.voice'));
    expect(res.status).toBe(502);
    expect(res.json.message).toBe("OpenAI refused the session: Invalid value: 'onyx'. (session.audio.output.voice)");
    expect(app.logger.text).toContain('request id req_test_400');
  });

  it('a session OpenAI would refuse, end to end through the fake\'s checks', async () => {
    const strict = await startApp([
      NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, voice: 'onyx' }),
    ]);
    try {
      const res = await strict.request('POST', PATH, {});
      expect(res.status).toBe(502);
      expect(res.json.message).toMatch(/^OpenAI refused the session: Invalid value: 'onyx'\. Supported values are: .*\(session\.audio\.output\.voice\)$/);
    } finally {
      await strict.close();
    }
  });

  it('a voice the request chose that OpenAI refuses is the caller\'s 400, not a 502', async () => {
    const res = await app.request('POST', PATH, { voice: 'onyx' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.json.message).toMatch(/^OpenAI refused the session: Invalid value: 'onyx'.*\(session\.audio\.output\.voice\)$/);
  });

  it('429 with Retry-After → 429 passing Retry-After on', async () => {
    const res = await failWith({ ...openAIError(429, 'Rate limit reached'), headers: { 'retry-after': '17' } } as FakeBehaviour);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('17');
    expect(res.json).toEqual({ statusCode: 429, message: 'OpenAI rate limit reached; try again later.', error: 'Too Many Requests' });
  });

  it('429 without Retry-After → 429 without the header', async () => {
    const res = await failWith(openAIError(429, 'You exceeded your current quota'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('429 with a malformed Retry-After drops the header', async () => {
    const res = await failWith({ ...openAIError(429, 'slow down'), headers: { 'retry-after': 'soon-ish' } } as FakeBehaviour);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it.each([500, 503])('%i → 502', async (status) => {
    const res = await failWith(openAIError(status, 'The server had an error'));
    expect(res.status).toBe(502);
    expect(res.json.message).toBe(`OpenAI could not create a client secret (HTTP ${status}).`);
  });

  it.each([
    ['not JSON', '<html>oops</html>'],
    ['JSON without value', { expires_at: 1, session: {} }],
    ['JSON with an empty value', { value: '', expires_at: 1 }],
    ['JSON without expires_at', { value: 'ek_x' }],
    ['a JSON string', '"ek_x"'],
  ])('200 with %s → 502', async (_, body) => {
    const res = await failWith({ kind: 'reply', status: 200, body });
    expect(res.status).toBe(502);
    expect(res.json.message).toBe('OpenAI answered without a usable client secret.');
  });

  it('a rejected key the request sent → 502 naming the request key, redacted in the log', async () => {
    const requestKey = 'sk-request-key-0123456789';
    const open = await startApp([NavaiModule.forRoot({ baseUrl: fake.baseUrl, allowFrontendApiKey: true })]);
    try {
      fake.behaviour = openAIError(401, `Incorrect API key provided: ${requestKey}.`);
      const res = await open.request('POST', PATH, { apiKey: requestKey });
      expect(res.status).toBe(502);
      expect(res.json).toEqual({ statusCode: 502, message: expect.stringMatching(/rejected the API key/), error: 'Bad Gateway' });
      expect(res.text).not.toContain(requestKey);
      expect(open.logger.text).toContain('Incorrect API key provided: [redacted].');
      expect(open.logger.text).not.toContain(requestKey);
    } finally {
      await open.close();
    }
  });

  it('never logs a secret that came in an unusable body', async () => {
    // Its own app: Nest's static logger follows the app created last.
    const own = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl })]);
    try {
      const secret = 'ek_live_secret_0123456789';
      fake.behaviour = { kind: 'reply', status: 200, body: { value: secret, expires_at: 'tomorrow' } };
      const res = await own.request('POST', PATH, {});
      expect(res.status).toBe(502);
      expect(res.text).not.toContain(secret);
      expect(own.logger.text).toContain('unexpected body: {"value":"[redacted]","expires_at":"tomorrow"}');
      expect(own.logger.text).not.toContain(secret);
    } finally {
      await own.close();
    }
  });

  it('an upstream that never answers ends at the timeout with 504', async () => {
    const started = Date.now();
    const res = await failWith({ kind: 'hang' });
    expect(res.status).toBe(504);
    expect(res.json).toEqual({ statusCode: 504, message: 'OpenAI did not answer within 300 ms.', error: 'Gateway Timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an upstream slower than the timeout → 504', async () => {
    const res = await failWith({ kind: 'mint', delayMs: 1_000 });
    expect(res.status).toBe(504);
  });

  it('an upstream that closes the connection → 502', async () => {
    const res = await failWith({ kind: 'close' });
    expect(res.status).toBe(502);
    expect(res.json.message).toBe('Could not reach OpenAI.');
  });

  it('an upstream that resets mid-body → 502', async () => {
    const res = await failWith({ kind: 'reset-mid-body' });
    expect(res.status).toBe(502);
  });

  it('an upstream that refuses connections → 502', async () => {
    const closed = await FakeOpenAI.start();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const refused = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl })]);
    try {
      const res = await refused.request('POST', PATH, {});
      expect(res.status).toBe(502);
      expect(res.json.message).toBe('Could not reach OpenAI.');
      expect(refused.logger.text).toContain('ECONNREFUSED');
      expect(refused.logger.text).not.toContain(CANARY_KEY);
    } finally {
      await refused.close();
    }
  });
});
