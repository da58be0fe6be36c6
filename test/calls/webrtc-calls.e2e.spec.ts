import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, type NavaiModuleRootOptions } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { sampleOffer } from '../support/fake-realtime-calls.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { CallToolsModule, SignInGuard } from './calls.fixture.js';

const CALLS = '/navai/realtime/calls';
const SDP = { 'content-type': 'application/sdp' };

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
});
afterAll(() => fake.close());
afterEach(() => {
  fake.behaviour = { kind: 'mint' };
  fake.calls.sideband = 'accept';
});

async function callsApp(options: NavaiModuleRootOptions = {}): Promise<TestApp> {
  return startApp([
    CallToolsModule,
    NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], guards: [SignInGuard], ...options }),
  ]);
}

const toolNames = (session: any) => (session.tools as Array<{ name: string }>).map((tool) => tool.name);

describe('OpenAI-Safety-Identifier on call creation', () => {
  it("sends the keyed hash of the caller's user, as on client-secret mints", async () => {
    const secret = 'a-key-of-at-least-thirty-two-characters';
    const app = await callsApp({ safetyIdentifier: (req: any) => req.user?.name, safetyIdentifierSecret: secret });
    try {
      const response = await app.request('POST', CALLS, sampleOffer(), { ...SDP, 'x-user': 'ann' });
      expect(response.status, response.text).toBe(201);
      const create = fake.requests.filter((request) => request.path === '/v1/realtime/calls').at(-1)!;
      expect(create.headers['openai-safety-identifier']).toBe(createHmac('sha256', secret).update('ann').digest('hex'));
    } finally {
      await app.close();
    }
  });
});

describe('POST /navai/realtime/calls', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await callsApp({ voice: 'marin', language: 'Spanish' });
  });
  afterAll(() => app.close());

  it('takes a raw SDP offer, creates the call with the session and the tools this caller may use, and answers the SDP answer', async () => {
    const offer = sampleOffer();
    const response = await app.request('POST', CALLS, offer, { ...SDP, 'x-user': 'ann' });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/sdp/);
    const call = fake.calls.last!;
    expect(response.text).toBe(call.answer);
    expect(response.text.startsWith('v=0\r\n')).toBe(true);
    expect(response.headers.get('location')).toBe(`${CALLS}/${call.id}`);
    expect(response.headers.get('x-navai-call-id')).toBe(call.id);
    expect(call.offer).toBe(offer);
    expect(call.session).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'You are a helpful assistant.\nAlways reply in Spanish.',
      audio: { output: { voice: 'marin' } },
    });
    expect(toolNames(call.session)).toEqual(['get_weather', 'whoami', 'wait_forever', 'too_slow']);
    // The sideband is open before the browser gets its answer.
    expect(call.connections).toBe(1);
    const sent = fake.requests.at(-1)!;
    expect(sent.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    await app.request('POST', '/navai/functions/execute', {}); // the app still answers other routes
  });

  it('offers a guarded tool to a caller its guard admits', async () => {
    const response = await app.request('POST', CALLS, sampleOffer(), { ...SDP, 'x-user': 'admin' });
    expect(response.status).toBe(201);
    expect(toolNames(fake.calls.last!.session)).toContain('admin_report');
  });

  it('takes text/plain as an SDP offer too', async () => {
    const response = await app.request('POST', CALLS, sampleOffer(), { 'content-type': 'text/plain' });
    expect(response.status).toBe(201);
  });

  it('takes JSON with the offer and overrides validated as on the client-secret route', async () => {
    const response = await app.request('POST', CALLS, { sdp: sampleOffer(), voice: 'cedar', voiceTone: 'calm', unknown: 'dropped' });
    expect(response.status).toBe(201);
    const session = fake.calls.last!.session!;
    expect(session.audio.output.voice).toBe('cedar');
    expect(session.instructions).toBe('You are a helpful assistant.\nAlways reply in Spanish.\nUse a calm tone while speaking.');
    expect(session).not.toHaveProperty('unknown');

    const invalid = await app.request('POST', CALLS, { sdp: sampleOffer(), voice: 7 });
    expect(invalid.status).toBe(400);
    expect(invalid.json.message).toContain('voice must be a string');
  });

  it('never accepts an apiKey', async () => {
    const response = await app.request('POST', CALLS, { sdp: sampleOffer(), apiKey: 'sk-from-browser' });
    expect(response.status).toBe(400);
    expect(response.json.message).toMatch(/server's key \(OPENAI_API_KEY\)/);
  });

  it('refuses a body that is not an SDP offer (400), another content type (415), and a body past the limit (413)', async () => {
    for (const body of ['hello', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n', '']) {
      const response = await app.request('POST', CALLS, body, SDP);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.message).toMatch(/SDP offer/);
    }
    expect((await app.request('POST', CALLS, { voice: 'cedar' })).status).toBe(400);
    expect((await app.request('POST', CALLS, [sampleOffer()])).status).toBe(400);
    const form = await app.request('POST', CALLS, 'sdp=v%3D0', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.json).toBeDefined();
    const big = `${sampleOffer()}a=x:${'y'.repeat(120 * 1024)}\r\n`;
    const tooLarge = await app.request('POST', CALLS, big, SDP);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toBeDefined();
  });

  it('applies the module guards', async () => {
    const response = await app.request('POST', CALLS, sampleOffer(), { ...SDP, 'x-user': 'nobody' });
    expect(response.status).toBe(403);
  });
});

describe('upstream failures on /navai/realtime/calls', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await callsApp({ upstreamTimeoutMs: 300 });
  });
  afterAll(() => app.close());
  const post = () => app.request('POST', CALLS, sampleOffer(), SDP);

  it('maps OpenAI refusing the key to 502, naming the setting', async () => {
    fake.behaviour = { kind: 'reply', status: 401, body: { error: { message: `Incorrect API key provided: ${CANARY_KEY}.` } } };
    const response = await post();
    expect(response.status).toBe(502);
    expect(response.json.message).toMatch(/OPENAI_API_KEY/);
  });

  it("maps OpenAI's 400 to 400 when it names a field the request chose, else 502 with its message", async () => {
    fake.behaviour = { kind: 'reply', status: 400, body: { error: { message: 'Invalid voice.', param: 'session.audio.output.voice' } } };
    const chosen = await app.request('POST', CALLS, { sdp: sampleOffer(), voice: 'cedar' });
    expect(chosen.status).toBe(400);
    expect(chosen.json.message).toMatch(/Invalid voice/);
    const notChosen = await post();
    expect(notChosen.status).toBe(502);
    expect(notChosen.json.message).toMatch(/Invalid voice/);
  });

  it('passes 429 on with Retry-After, and maps 5xx to 502', async () => {
    fake.behaviour = { kind: 'reply', status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '7' } };
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    fake.behaviour = { kind: 'reply', status: 503, body: 'upstream down' };
    expect((await post()).status).toBe(502);
  });

  it('answers 504 past upstreamTimeoutMs and 502 when OpenAI is unreachable', async () => {
    fake.behaviour = { kind: 'hang' };
    const late = await post();
    expect(late.status).toBe(504);
    expect(late.json.message).toMatch(/300 ms/);
    fake.behaviour = { kind: 'close' };
    expect((await post()).status).toBe(502);
  });

  it('answers 502 for a 201 without a call id or an SDP answer', async () => {
    fake.behaviour = { kind: 'reply', status: 201, body: 'v=0\r\n' };
    expect((await post()).status).toBe(502);
  });

  it('hangs the call up when its sideband cannot connect, and answers 502', async () => {
    for (const mode of ['refuse', 'hang'] as const) {
      fake.calls.sideband = mode;
      const response = await post();
      expect(response.status, mode).toBe(502);
      expect(response.json.message).toMatch(/could not connect/);
      const call = fake.calls.last!;
      expect(call.controls).toEqual([{ action: 'hangup', body: undefined }]);
    }
    expect(app.logger.text).toMatch(/the sideband did not connect/);
  });

  it('never shows or logs the key', async () => {
    expect(app.logger.text).not.toContain(CANARY_KEY);
  });
});

describe('session building shared with client secrets', () => {
  it('carries the session option, then callSession over it, into the call', async () => {
    const app = await callsApp({
      session: { output_modalities: ['text'], max_output_tokens: 200, tools: [{ type: 'function', name: 'from_options' }] },
      callSession: { max_output_tokens: 500 },
      allowedVoices: ['marin'],
    });
    const response = await app.request('POST', CALLS, sampleOffer(), SDP);
    expect(response.status).toBe(201);
    const session = fake.calls.last!.session!;
    expect(session.output_modalities).toEqual(['text']);
    expect(session.max_output_tokens).toBe(500);
    expect(toolNames(session)[0]).toBe('from_options');
    const mint = await app.request('POST', '/navai/realtime/client-secret', {});
    expect(mint.status).toBe(200);
    expect(fake.lastBody.session.max_output_tokens).toBe(200);
    // The allow-lists hold here as on the client-secret route.
    const refused = await app.request('POST', CALLS, { sdp: sampleOffer(), voice: 'cedar' });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toMatch(/voice "cedar" is not allowed/);
    await app.close();
  });
});

describe('without a server key', () => {
  it('answers 503 naming OPENAI_API_KEY', async () => {
    const app = await startApp([NavaiModule.forRoot({ baseUrl: fake.baseUrl, functionsFolders: [] })]);
    const response = await app.request('POST', CALLS, sampleOffer(), SDP);
    expect(response.status).toBe(503);
    expect(response.json.message).toMatch(/OPENAI_API_KEY/);
    await app.close();
  });
});

describe('callsRoutes: false and callsPath', () => {
  it('leaves the route out, or mounts it elsewhere', async () => {
    const off = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], callsRoutes: false })]);
    expect((await off.request('POST', CALLS, sampleOffer(), SDP)).status).toBe(404);
    await off.close();
    const moved = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], callsPath: '/voice/calls' })]);
    const response = await moved.request('POST', '/voice/calls', sampleOffer(), SDP);
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/voice/calls/${fake.calls.last!.id}`);
    await moved.close();
  });
});

