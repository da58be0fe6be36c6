import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI, type FakeBehaviour } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { expectCleanAnswer, UpstreamPort, watchProcess } from './fault-kit.js';

/**
 * Every way the call to OpenAI can fail, against one app: each answers its documented error,
 * nothing escapes as an unhandled rejection, and the next mint on the same app succeeds.
 */
const PATH = '/navai/realtime/client-secret';
const TIMEOUT_MS = 150;

let fake: FakeOpenAI;
let port: UpstreamPort;
let app: TestApp;
let watch: ReturnType<typeof watchProcess>;

beforeAll(async () => {
  watch = watchProcess();
  fake = await FakeOpenAI.start([CANARY_KEY]);
  port = await UpstreamPort.start(fake.baseUrl);
  app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: port.baseUrl, upstreamTimeoutMs: TIMEOUT_MS })]);
});
afterAll(async () => {
  await app.close();
  await port.close();
  await fake.close();
  watch.stop();
});
afterEach(async () => {
  expect(watch.failures).toEqual([]);
  fake.behaviour = { kind: 'mint' };
  await port.accept();
  const next = await app.request('POST', PATH, {});
  expect(next.status, next.text).toBe(200);
  expect(Object.keys(next.json).sort()).toEqual(['expires_at', 'speech', 'value']);
  expect(next.json.value).toMatch(/^ek_[0-9a-f]{24}$/);
  expect(app.logger.text).not.toContain(CANARY_KEY);
});

const nestError = (statusCode: number, message: string, error: string) => ({ statusCode, message, error });
const badGateway = (message: string) => nestError(502, message, 'Bad Gateway');
const UNREACHABLE = badGateway('Could not reach OpenAI.');
const NO_SECRET = badGateway('OpenAI answered without a usable client secret.');
const RATE_LIMITED = nestError(429, 'OpenAI rate limit reached; try again later.', 'Too Many Requests');
const TIMED_OUT = nestError(504, `OpenAI did not answer within ${TIMEOUT_MS} ms.`, 'Gateway Timeout');

const openAIError = (status: number, message: string, headers: Record<string, string> = {}): FakeBehaviour => ({
  kind: 'reply',
  status,
  body: { error: { type: 'server_error', message, param: null, code: null } },
  headers: { 'x-request-id': `req_fault_${status}`, ...headers },
});

/** Sends one mint while the upstream misbehaves; returns the answer and the error lines it logged. */
async function mintAgainst(behaviour: FakeBehaviour | 'refused') {
  if (behaviour === 'refused') await port.refuse();
  else fake.behaviour = behaviour;
  const before = app.logger.lines.length;
  const started = Date.now();
  const res = await app.request('POST', PATH, {});
  const elapsed = Date.now() - started;
  expectCleanAnswer(res);
  const errors = app.logger.lines.slice(before).filter((line) => line.startsWith('error'));
  // One line per failure, in the shape the README promises, with the key redacted.
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^error OpenAI client_secrets failed \(/);
  return { res, elapsed, logged: errors[0] };
}

describe('an upstream that does not answer in time', () => {
  it('hangs: 504 once upstreamTimeoutMs has passed', async () => {
    const { res, elapsed, logged } = await mintAgainst({ kind: 'hang' });
    expect(res.status).toBe(504);
    expect(res.json).toEqual(TIMED_OUT);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2_000);
    expect(logged).toMatch(/^error OpenAI client_secrets failed \(timeout\): /);
  });

  it('is slower than upstreamTimeoutMs: 504, the late answer is dropped', async () => {
    const { res, logged } = await mintAgainst({ kind: 'mint', delayMs: TIMEOUT_MS * 4 });
    expect(res.status).toBe(504);
    expect(res.json).toEqual(TIMED_OUT);
    expect(logged).toMatch(/^error OpenAI client_secrets failed \(timeout\): /);
  });
});

describe('an upstream that answers an error', () => {
  it.each([500, 502, 503, 504])('%i with OpenAI\'s JSON error: 502 naming the status, the message in the log', async (status) => {
    const { res, logged } = await mintAgainst(openAIError(status, 'The server had an error while processing your request.'));
    expect(res.status).toBe(502);
    expect(res.json).toEqual(badGateway(`OpenAI could not create a client secret (HTTP ${status}).`));
    expect(logged).toContain(
      `OpenAI client_secrets failed (${status}, request id req_fault_${status}): The server had an error while processing your request.`,
    );
  });

  it('503 with an HTML page: 502, and none of the page reaches the client', async () => {
    const page = '<!DOCTYPE html><html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
    const { res, logged } = await mintAgainst({ kind: 'reply', status: 503, body: page, headers: { 'content-type': 'text/html' } });
    expect(res.status).toBe(502);
    expect(res.json).toEqual(badGateway('OpenAI could not create a client secret (HTTP 503).'));
    expect(logged).toContain('OpenAI client_secrets failed (503): <!DOCTYPE html>');
  });

  it('500 with malformed JSON: 502, the raw text in the log', async () => {
    const { res, logged } = await mintAgainst({ kind: 'reply', status: 500, body: '{"error": {"message": "boo' });
    expect(res.status).toBe(502);
    expect(res.json).toEqual(badGateway('OpenAI could not create a client secret (HTTP 500).'));
    expect(logged).toContain('OpenAI client_secrets failed (500): {"error": {"message": "boo');
  });

  it('429 with Retry-After in seconds: 429 passing it on', async () => {
    const { res } = await mintAgainst(openAIError(429, 'Rate limit reached for requests', { 'retry-after': '30' }));
    expect(res.status).toBe(429);
    expect(res.json).toEqual(RATE_LIMITED);
    expect(res.headers.get('retry-after')).toBe('30');
  });

  it('429 with Retry-After as an HTTP date: 429 passing it on', async () => {
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    const { res } = await mintAgainst(openAIError(429, 'Rate limit reached for requests', { 'retry-after': date }));
    expect(res.status).toBe(429);
    expect(res.json).toEqual(RATE_LIMITED);
    expect(res.headers.get('retry-after')).toBe(date);
  });

  it('429 without Retry-After: 429 without the header', async () => {
    const { res, logged } = await mintAgainst(openAIError(429, 'You exceeded your current quota.'));
    expect(res.status).toBe(429);
    expect(res.json).toEqual(RATE_LIMITED);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(logged).toContain('OpenAI client_secrets failed (429, request id req_fault_429): You exceeded your current quota.');
  });
});

describe('an upstream that answers 200 without a usable secret', () => {
  it('malformed JSON: 502', async () => {
    const { res, logged } = await mintAgainst({ kind: 'reply', status: 200, body: '{"value":"ek_trunc' });
    expect(res.status).toBe(502);
    expect(res.json).toEqual(NO_SECRET);
    expect(logged).toContain('OpenAI client_secrets failed (200): unexpected body: {"value":"ek_trunc');
  });

  it('JSON without value: 502', async () => {
    const { res, logged } = await mintAgainst({ kind: 'reply', status: 200, body: { expires_at: 1_900_000_000, session: { type: 'realtime' } } });
    expect(res.status).toBe(502);
    expect(res.json).toEqual(NO_SECRET);
    expect(logged).toContain('unexpected body: {"expires_at":1900000000');
  });
});

describe('an upstream that breaks the connection', () => {
  it('refuses connections: 502, ECONNREFUSED in the log', async () => {
    const { res, logged } = await mintAgainst('refused');
    expect(res.status).toBe(502);
    expect(res.json).toEqual(UNREACHABLE);
    expect(logged).toMatch(/^error OpenAI client_secrets failed \(network\): .*ECONNREFUSED/);
  });

  it('closes the connection without answering: 502', async () => {
    const { res, logged } = await mintAgainst({ kind: 'close' });
    expect(res.status).toBe(502);
    expect(res.json).toEqual(UNREACHABLE);
    expect(logged).toMatch(/^error OpenAI client_secrets failed \(network\): /);
  });

  it('resets the connection in the middle of the body: 502', async () => {
    const { res, logged } = await mintAgainst({ kind: 'reset-mid-body' });
    expect(res.status).toBe(502);
    expect(res.json).toEqual(UNREACHABLE);
    expect(logged).toMatch(/^error OpenAI client_secrets failed \(network\): /);
  });
});

describe('an upstream whose answer carries what it must not pass on', () => {
  /** Every run of 12 characters of the key: none may reach a client or the log. */
  const keyPieces = Array.from({ length: CANARY_KEY.length - 11 }, (_, start) => CANARY_KEY.slice(start, start + 12));

  it.each([400, 500])(
    'a proxy page that echoes the Authorization header across the cut (%i): no piece of the key in the answer or the log',
    async (status) => {
      // The key straddles the 500th character, where the logged text is cut.
      const page = `${'x'.repeat(460)}Authorization: Bearer ${CANARY_KEY}\n</pre>`;
      const { res, logged } = await mintAgainst({ kind: 'reply', status, body: page, headers: { 'content-type': 'text/html' } });
      expect(res.status).toBe(502);
      for (const piece of keyPieces) {
        expect(res.text).not.toContain(piece);
        expect(logged).not.toContain(piece);
      }
      expect(logged).toContain('Authorization: Bearer [redacted]');
    },
  );

  it('a 400 that is not OpenAI\'s JSON error: 502 without the body, which only the log shows', async () => {
    const page = '<html><body>400 Bad Request: header too large</body></html>';
    const { res, logged } = await mintAgainst({ kind: 'reply', status: 400, body: page, headers: { 'content-type': 'text/html' } });
    expect(res.status).toBe(502);
    expect(res.json).toEqual(badGateway('OpenAI refused the session; the server log has its answer.'));
    expect(res.text).not.toContain('header too large');
    expect(logged).toContain('400 Bad Request: header too large');
  });

  it('an error message with line breaks and control characters: logged on one line, escaped', async () => {
    const forged = "Invalid model 'x'\n[Nest] 1  - 12/02/2026, 1:00:00 AM   ERROR [Auth] admin login succeeded\r\u001b[2K";
    const { res, logged } = await mintAgainst(openAIError(400, forged));
    expect(res.status).toBe(502);
    for (const control of ['\n', '\r', '\u001b']) expect(logged).not.toContain(control);
    expect(logged).toContain("Invalid model 'x'\\n[Nest] 1");
    expect(logged).toContain('succeeded\\r\\u001b[2K');
  });
});
