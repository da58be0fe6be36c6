import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_ELEVENLABS_KEY } from '../support/canary.js';
import { FAKE_VOICES, FakeElevenLabs, type FakeSpeechBehaviour } from '../support/fake-elevenlabs.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { expectCleanAnswer, UpstreamPort, watchProcess } from '../faults/fault-kit.js';

/**
 * Every way the call to ElevenLabs can fail, against one app: each answers its documented JSON
 * error, the key is in no answer and no log line, and the next synthesis on the same app succeeds.
 */
const PATH = '/navai/speech/synthesize';
const TIMEOUT_MS = 1_000;

let eleven: FakeElevenLabs;
let port: UpstreamPort;
let app: TestApp;
let watch: ReturnType<typeof watchProcess>;

beforeAll(async () => {
  watch = watchProcess();
  eleven = await FakeElevenLabs.start([CANARY_ELEVENLABS_KEY]);
  port = await UpstreamPort.start(eleven.baseUrl);
  app = await startApp([
    NavaiModule.forRoot({
      ttsProvider: 'elevenlabs',
      elevenLabsApiKey: CANARY_ELEVENLABS_KEY,
      elevenLabsBaseUrl: port.baseUrl,
      elevenLabsVoiceId: FAKE_VOICES[0],
      elevenLabsModelId: 'eleven_multilingual_v2',
      upstreamTimeoutMs: TIMEOUT_MS,
      functionsFolders: 'test/fixtures/none',
    }),
  ]);
  // The first call loads the HTTP client, slowly on a busy machine; the timeouts below are about ElevenLabs, not that.
  let warm = await app.request('POST', PATH, { text: 'Warm up.' });
  for (let tries = 1; warm.status !== 200 && tries < 3; tries++) warm = await app.request('POST', PATH, { text: 'Warm up.' });
  if (warm.status !== 200) throw new Error(`warm-up failed: ${warm.text}`);
});
afterAll(async () => {
  await app.close();
  await port.close();
  await eleven.close();
  watch.stop();
});
afterEach(async () => {
  expect(watch.failures).toEqual([]);
  eleven.behaviour = { kind: 'speak' };
  await port.accept();
  const next = await app.request('POST', PATH, { text: 'Back to normal.' });
  expect(next.status, next.text).toBe(200);
  expect(app.logger.text).not.toContain(CANARY_ELEVENLABS_KEY);
});

const elevenLabsError = (status: number, detail: unknown, headers: Record<string, string> = {}): FakeSpeechBehaviour => ({
  kind: 'reply',
  status,
  body: { detail },
  headers: { 'request-id': `el_req_${status}`, ...headers },
});
const nestError = (statusCode: number, message: string, error: string) => ({ statusCode, message, error });
const badGateway = (message: string) => nestError(502, message, 'Bad Gateway');

/** One synthesis while ElevenLabs misbehaves; returns the answer and the one error line it logged. */
async function synthesizeAgainst(behaviour: FakeSpeechBehaviour | 'refused', accept?: string) {
  if (behaviour === 'refused') await port.refuse();
  else eleven.behaviour = behaviour;
  const before = app.logger.lines.length;
  const started = Date.now();
  const res = await app.request('POST', PATH, { text: 'Say something.' }, accept ? { accept } : {});
  const elapsed = Date.now() - started;
  expectCleanAnswer(res);
  const errors = app.logger.lines.slice(before).filter((line) => line.startsWith('error'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^error ElevenLabs text-to-speech failed/);
  return { res, elapsed, logged: errors[0] };
}

describe.each([undefined, 'audio/*'])('ElevenLabs failures (Accept %s)', (accept) => {
  it.each([401, 403])('%i → 502 naming ELEVENLABS_API_KEY, the key redacted in the log', async (status) => {
    const { res, logged } = await synthesizeAgainst(
      elevenLabsError(status, { status: 'invalid_api_key', message: `Invalid API key: ${CANARY_ELEVENLABS_KEY}` }),
      accept,
    );
    expect(res.status).toBe(502);
    expect(res.json).toEqual(badGateway("ElevenLabs rejected the server's credentials; check ELEVENLABS_API_KEY."));
    expect(logged).toContain(`error ElevenLabs text-to-speech failed (${status}, request id el_req_${status}): Invalid API key: [redacted]`);
  });

  it('a key the fake refuses, end to end → 502 naming the key setting', async () => {
    eleven.validKeys.delete(CANARY_ELEVENLABS_KEY);
    try {
      const { res, logged } = await synthesizeAgainst({ kind: 'speak' }, accept);
      expect(res.json).toEqual(badGateway("ElevenLabs rejected the server's credentials; check ELEVENLABS_API_KEY."));
      expect(logged).toContain('Invalid API key: [redacted]');
    } finally {
      eleven.validKeys.add(CANARY_ELEVENLABS_KEY);
    }
  });

  it('400 → 502 with ElevenLabs\' message', async () => {
    const { res } = await synthesizeAgainst(elevenLabsError(400, { status: 'voice_not_found', message: 'A voice with the voice_id x was not found.' }), accept);
    expect(res.json).toEqual(badGateway('ElevenLabs refused the speech request: A voice with the voice_id x was not found.'));
  });

  it('422 → 502 with each validation message and where it points', async () => {
    const detail = [
      { type: 'float_type', loc: ['body', 'voice_settings', 'stability'], msg: 'Input should be a valid number', input: null },
      { type: 'missing', loc: ['body', 'text'], msg: 'Field required', input: {} },
    ];
    const { res, logged } = await synthesizeAgainst(elevenLabsError(422, detail), accept);
    expect(res.json).toEqual(
      badGateway('ElevenLabs refused the speech request: Input should be a valid number (voice_settings.stability); Field required (text)'),
    );
    expect(logged).toContain('(422, request id el_req_422)');
  });

  it('429 with Retry-After → 429 passing it on', async () => {
    const { res } = await synthesizeAgainst(
      elevenLabsError(429, { status: 'too_many_concurrent_requests', message: 'Too many concurrent requests.' }, { 'retry-after': '3' }),
      accept,
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.json).toEqual(nestError(429, 'ElevenLabs rate limit reached; try again later.', 'Too Many Requests'));
  });

  it('429 without Retry-After → 429 without the header', async () => {
    const { res } = await synthesizeAgainst(elevenLabsError(429, { status: 'system_busy', message: 'Busy.' }), accept);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it.each([500, 503])('%i → 502 naming the status', async (status) => {
    const { res } = await synthesizeAgainst(elevenLabsError(status, 'Internal Server Error'), accept);
    expect(res.json).toEqual(badGateway(`ElevenLabs could not synthesize the speech (HTTP ${status}).`));
  });

  it('an HTML error page → 502, none of it in the answer', async () => {
    const page = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
    const { res, logged } = await synthesizeAgainst({ kind: 'reply', status: 502, body: page, headers: { 'content-type': 'text/html' } }, accept);
    expect(res.json).toEqual(badGateway('ElevenLabs could not synthesize the speech (HTTP 502).'));
    expect(logged).toContain('<!DOCTYPE html>');
  });

  it('refused connections → 502', async () => {
    const { res, logged } = await synthesizeAgainst('refused', accept);
    expect(res.json).toEqual(badGateway('Could not reach ElevenLabs.'));
    expect(logged).toMatch(/\(network\): .*ECONNREFUSED/);
  });

  it('a connection closed without an answer → 502', async () => {
    const { res } = await synthesizeAgainst({ kind: 'close' }, accept);
    expect(res.json).toEqual(badGateway('Could not reach ElevenLabs.'));
  });

  it('no answer → 504 once upstreamTimeoutMs has passed', async () => {
    const { res, elapsed, logged } = await synthesizeAgainst({ kind: 'hang' }, accept);
    expect(res.status).toBe(504);
    expect(res.json).toEqual(nestError(504, `ElevenLabs did not answer within ${TIMEOUT_MS} ms.`, 'Gateway Timeout'));
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2_000);
    expect(logged).toMatch(/\(timeout\): /);
  });

  it('an answer slower than upstreamTimeoutMs → 504', async () => {
    const { res } = await synthesizeAgainst({ kind: 'speak', delayMs: TIMEOUT_MS * 3 }, accept);
    expect(res.status).toBe(504);
  });
});

// Last: Nest's static logger follows the app created last, so the shared app's log lines would go to this one.
describe('a model ElevenLabs does not know, end to end', () => {
  it.each([undefined, 'audio/*'])('Accept %s → 502 with its message', async (accept) => {
    const own = await startApp([
      NavaiModule.forRoot({
        ttsProvider: 'elevenlabs',
        elevenLabsApiKey: CANARY_ELEVENLABS_KEY,
        elevenLabsBaseUrl: eleven.baseUrl,
        elevenLabsVoiceId: FAKE_VOICES[0],
        elevenLabsModelId: 'eleven_monolingual_v0',
      }),
    ]);
    try {
      const res = await own.request('POST', PATH, { text: 'x' }, accept ? { accept } : {});
      expectCleanAnswer(res);
      expect(res.json).toEqual(badGateway('ElevenLabs refused the speech request: A model with model ID eleven_monolingual_v0 does not exist.'));
      expect(own.logger.text).toContain('ElevenLabs text-to-speech failed (400, request id ');
      expect(own.logger.text).not.toContain(CANARY_ELEVENLABS_KEY);
    } finally {
      await own.close();
    }
  });
});
