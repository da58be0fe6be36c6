import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerNavaiExpressRoutes } from '@navai/voice-backend';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NavaiModule, type NavaiModuleRootOptions } from '../../lib/index.js';
import { CANARY_ELEVENLABS_KEY, CANARY_KEY } from '../support/canary.js';
import { FAKE_MODELS, FAKE_VOICES, FakeElevenLabs, type RecordedSpeechRequest } from '../support/fake-elevenlabs.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { send, startApp, type HttpResult, type TestApp } from '../support/test-app.js';

/**
 * The same configuration and the same requests to the Navai Express package 0.1.3 and to this
 * module: the same requests reach the fake ElevenLabs and OpenAI, and the answers are the same.
 * The deviations the README lists are checked at the end, one by one.
 */
const express = createRequire(import.meta.url)('express') as { (): any; json(): unknown };
const SPEECH = '/navai/speech/synthesize';
const MINT = '/navai/realtime/client-secret';
const OPENAI_URL = 'https://api.openai.com/v1/realtime/client_secrets';
const [VOICE, OTHER_VOICE] = FAKE_VOICES;

let openai: FakeOpenAI;
let eleven: FakeElevenLabs;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  openai = await FakeOpenAI.start([CANARY_KEY]);
  eleven = await FakeElevenLabs.start([CANARY_ELEVENLABS_KEY]);
  // The package calls one fixed OpenAI URL with the global fetch: that URL goes to the fake instead.
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
    realFetch(String(input) === OPENAI_URL ? `${openai.baseUrl}/realtime/client_secrets` : input, init)) as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await eleven.close();
  await openai.close();
});
afterEach(() => vi.unstubAllEnvs());

interface Pair {
  packageUrl: string;
  module: TestApp;
  close(): Promise<void>;
}

/** The package as its README sets it up (express.json() and its routes), and this module, from one environment. */
async function startPair(env: Record<string, string>, options: NavaiModuleRootOptions = {}): Promise<Pair> {
  const app = express();
  app.use(express.json());
  registerNavaiExpressRoutes(app, { env, includeFunctionsRoutes: false });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.stubEnv('OPENAI_BASE_URL', openai.baseUrl);
  const module = await startApp([NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none', ...options })]);
  return {
    packageUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    module,
    close: async () => {
      await module.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What ElevenLabs receives, without what is bound to differ (connection headers). */
const received = (request: RecordedSpeechRequest) => ({
  method: request.method,
  url: request.url,
  key: request.headers['xi-api-key'],
  contentType: request.headers['content-type'],
  accept: request.headers.accept,
  body: request.body,
});

async function both(pair: Pair, path: string, body: unknown) {
  const answers: HttpResult[] = [];
  const upstream: RecordedSpeechRequest[] = [];
  for (const url of [pair.packageUrl, pair.module.url]) {
    const before = eleven.requests.length;
    answers.push(await send(url, 'POST', path, body));
    expect(eleven.requests.length - before).toBeLessThanOrEqual(1);
    if (eleven.requests.length > before) upstream.push(eleven.requests.at(-1)!);
  }
  return { pkg: answers[0], mod: answers[1], upstream };
}

const minimalEnv = () => ({
  OPENAI_API_KEY: CANARY_KEY,
  NAVAI_TTS_PROVIDER: 'elevenlabs',
  ELEVENLABS_API_KEY: CANARY_ELEVENLABS_KEY,
  ELEVENLABS_BASE_URL: eleven.baseUrl,
  ELEVENLABS_VOICE_ID: VOICE,
});
const fullEnv = () => ({
  ...minimalEnv(),
  ELEVENLABS_MODEL_ID: FAKE_MODELS[0],
  ELEVENLABS_OUTPUT_FORMAT: 'mp3_44100_64',
  ELEVENLABS_OPTIMIZE_STREAMING_LATENCY: '2',
  ELEVENLABS_STABILITY: '0.45',
  ELEVENLABS_SIMILARITY_BOOST: '0.8',
  ELEVENLABS_STYLE: '0.1',
  ELEVENLABS_USE_SPEAKER_BOOST: 'no',
});

const REQUESTS: Array<[string, object]> = [
  ['text only', { text: 'Hello there.' }],
  ['padded text', { text: '   Trim me.   ' }],
  ['unicode text', { text: 'Ünïcödé, 日本語 and 🎙 too.' }],
  ['another voice', { text: 'Other voice.', voiceId: OTHER_VOICE }],
  ['another model', { text: 'Other model.', modelId: FAKE_MODELS[2] }],
  ['pcm', { text: 'Raw.', outputFormat: 'pcm_16000' }],
  ['wav', { text: 'Wave.', outputFormat: 'wav_22050' }],
  ['ulaw', { text: 'Phone.', outputFormat: 'ulaw_8000' }],
  ['latency', { text: 'Fast.', optimizeStreamingLatency: 4 }],
  ['voice settings', { text: 'Styled.', voiceSettings: { stability: 0.2, useSpeakerBoost: true } }],
  ['empty voice settings', { text: 'Configured.', voiceSettings: {} }],
  ['blank optional fields', { text: 'Blanks.', voiceId: ' ', modelId: '', outputFormat: '  ' }],
  ['unknown fields', { text: 'Extra.', speed: 2, apiKey: 'sk-x' }],
];

describe.each([
  ['minimal', minimalEnv],
  ['full', fullEnv],
])('the same answers as the Express package (%s environment)', (_environment, env) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair(env(), { allowedSpeechVoices: [VOICE, OTHER_VOICE], allowedSpeechModels: FAKE_MODELS });
  });
  afterAll(() => pair.close());

  it.each(REQUESTS)('%s: the same request reaches ElevenLabs, the same answer comes back', async (_, body) => {
    const { pkg, mod, upstream } = await both(pair, SPEECH, body);
    expect(pkg.status, pkg.text).toBe(200);
    expect(mod.status, mod.text).toBe(200);
    expect(upstream).toHaveLength(2);
    expect(received(upstream[1])).toEqual(received(upstream[0]));
    expect(mod.json).toEqual(pkg.json);
    expect(Object.keys(mod.json)).toEqual(Object.keys(pkg.json));
  });

  it('the same client-secret request reaches OpenAI; the same answer fields and speech', async () => {
    const bodies: unknown[] = [];
    const answers: HttpResult[] = [];
    for (const url of [pair.packageUrl, pair.module.url]) {
      answers.push(await send(url, 'POST', MINT, { model: 'gpt-realtime-mini', voice: 'cedar', language: 'Spanish' }));
      bodies.push(openai.lastBody);
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(Object.keys(answers[1].json)).toEqual(Object.keys(answers[0].json));
    expect(answers[1].json.speech).toEqual(answers[0].json.speech);
    expect(answers[1].json.speech).toEqual({ provider: 'elevenlabs' });
  });
});

describe('the same answers as the Express package in openai mode', () => {
  it('client secret: the same request reaches OpenAI; speech.provider "openai"', async () => {
    const pair = await startPair({ OPENAI_API_KEY: CANARY_KEY, OPENAI_REALTIME_VOICE: 'ash' });
    try {
      const bodies: unknown[] = [];
      const answers: HttpResult[] = [];
      for (const url of [pair.packageUrl, pair.module.url]) {
        answers.push(await send(url, 'POST', MINT, {}));
        bodies.push(openai.lastBody);
      }
      expect(bodies[1]).toEqual(bodies[0]);
      expect(answers[1].json.speech).toEqual(answers[0].json.speech);
      expect(answers[1].json.speech).toEqual({ provider: 'openai' });
    } finally {
      await pair.close();
    }
  });
});

describe('the deviations the README lists', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair(minimalEnv());
  });
  afterAll(() => pair.close());

  const packageFailed = (res: HttpResult) => {
    // The package passes every error to Express's default handler: an HTML 500 page.
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  };

  // name | body | the package's status (200: it called ElevenLabs) | this module's
  it.each([
    ['no text', {}, 500, 400],
    ['a voice the server did not allow', { text: 'x', voiceId: OTHER_VOICE }, 200, 400],
    ['a model the server did not allow', { text: 'x', modelId: FAKE_MODELS[1] }, 200, 400],
    ['text over the limit', { text: 'x'.repeat(5_001) }, 200, 400],
  ])('%s: the package answers %i, this module %i JSON before any call', async (_, body, packageStatus, status) => {
    const before = eleven.requests.length;
    const res = await send(pair.module.url, 'POST', SPEECH, body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(eleven.requests.length).toBe(before);
    const pkg = await send(pair.packageUrl, 'POST', SPEECH, body);
    expect(pkg.status).toBe(packageStatus);
    expect(eleven.requests.length).toBe(before + (packageStatus === 200 ? 1 : 0));
  });

  it('a fractional latency: the package rounds it, this module answers 400', async () => {
    const pkg = await send(pair.packageUrl, 'POST', SPEECH, { text: 'x', optimizeStreamingLatency: 2.6 });
    expect(pkg.status).toBe(200);
    expect(eleven.last!.query.optimize_streaming_latency).toBe('3');
    expect((await send(pair.module.url, 'POST', SPEECH, { text: 'x', optimizeStreamingLatency: 2.6 })).status).toBe(400);
  });

  it('voice settings of the wrong type: the package drops them, this module answers 400', async () => {
    const body = { text: 'x', voiceSettings: { stability: 'high' } };
    expect((await send(pair.packageUrl, 'POST', SPEECH, body)).status).toBe(200);
    expect(eleven.last!.body).toEqual({ text: 'x' });
    expect((await send(pair.module.url, 'POST', SPEECH, body)).status).toBe(400);
  });

  it('an ElevenLabs error: the package answers an HTML 500, this module the mapped JSON error', async () => {
    eleven.behaviour = { kind: 'reply', status: 429, body: { detail: { status: 'system_busy', message: 'Busy.' } }, headers: { 'retry-after': '2' } };
    try {
      packageFailed(await send(pair.packageUrl, 'POST', SPEECH, { text: 'x' }));
      const res = await send(pair.module.url, 'POST', SPEECH, { text: 'x' });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
    } finally {
      eleven.behaviour = { kind: 'speak' };
    }
  });

  it('openai mode: the package fails with HTML, this module answers 404 JSON', async () => {
    const off = await startPair({ OPENAI_API_KEY: CANARY_KEY });
    try {
      packageFailed(await send(off.packageUrl, 'POST', SPEECH, { text: 'x' }));
      const res = await send(off.module.url, 'POST', SPEECH, { text: 'x' });
      expect(res.status).toBe(404);
      expect(res.json.message).toMatch(/^Speech synthesis is off/);
    } finally {
      await off.close();
    }
  });

  it('an unknown provider: the package silently uses openai, this module stops at startup', async () => {
    await expect(startPair({ ...minimalEnv(), NAVAI_TTS_PROVIDER: 'eleven_labs' })).rejects.toThrow('Invalid NAVAI_TTS_PROVIDER: "eleven_labs"');
  });

  it('a base URL with a path: the package drops the path, this module keeps it', async () => {
    const env = { ...minimalEnv(), ELEVENLABS_BASE_URL: `${eleven.baseUrl}/proxy` };
    const proxied = await startPair(env);
    try {
      await send(proxied.packageUrl, 'POST', SPEECH, { text: 'x' });
      expect(eleven.last!.path).toBe(`/v1/text-to-speech/${VOICE}`);
      await send(proxied.module.url, 'POST', SPEECH, { text: 'x' });
      expect(eleven.last!.path).toBe(`/proxy/v1/text-to-speech/${VOICE}`);
    } finally {
      await proxied.close();
    }
  });
});
