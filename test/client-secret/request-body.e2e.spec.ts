import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

const KEY = 'sk-body-test';
const PATH = '/navai/realtime/client-secret';
let fake: FakeOpenAI;
const apps: TestApp[] = [];

beforeAll(async () => {
  fake = await FakeOpenAI.start([KEY]);
});
afterAll(() => fake.close());
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function mint(imports: Parameters<typeof startApp>[0], body: object = {}) {
  const app = await startApp(imports);
  apps.push(app);
  const res = await app.request('POST', PATH, body);
  expect(res.status, res.text).toBe(200);
  expect(Object.keys(res.json).sort()).toEqual(['expires_at', 'speech', 'value']);
  expect(res.json.value).toMatch(/^ek_/);
  expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/realtime/client_secrets' });
  expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
  return { res, body: fake.lastBody };
}

describe('body sent to OpenAI', () => {
  it('uses the documented defaults', async () => {
    const { res, body } = await mint([NavaiModule.forRoot({ apiKey: KEY, baseUrl: fake.baseUrl })]);
    expect(body).toEqual({
      expires_after: { anchor: 'created_at', seconds: 600 },
      session: {
        type: 'realtime',
        model: 'gpt-realtime',
        instructions: 'You are a helpful assistant.',
        audio: { output: { voice: 'marin' } },
      },
    });
    const now = Math.floor(Date.now() / 1000);
    expect(res.json.expires_at).toBeGreaterThanOrEqual(now + 599);
    expect(res.json.expires_at).toBeLessThanOrEqual(now + 601);
  });

  it('reads every setting from process.env', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    vi.stubEnv('OPENAI_BASE_URL', fake.baseUrl);
    vi.stubEnv('OPENAI_REALTIME_MODEL', 'gpt-realtime-mini');
    vi.stubEnv('OPENAI_REALTIME_VOICE', 'cedar');
    vi.stubEnv('OPENAI_REALTIME_INSTRUCTIONS', 'You sell bikes.');
    vi.stubEnv('OPENAI_REALTIME_LANGUAGE', 'Spanish');
    vi.stubEnv('OPENAI_REALTIME_VOICE_ACCENT', 'Colombian');
    vi.stubEnv('OPENAI_REALTIME_VOICE_TONE', 'warm');
    vi.stubEnv('OPENAI_REALTIME_CLIENT_SECRET_TTL', '120');
    const { body } = await mint([NavaiModule.forRoot()]);
    expect(body).toEqual({
      expires_after: { anchor: 'created_at', seconds: 120 },
      session: {
        type: 'realtime',
        model: 'gpt-realtime-mini',
        instructions:
          'You sell bikes.\nAlways reply in Spanish.\nUse a Colombian accent while speaking.\nUse a warm tone while speaking.',
        audio: { output: { voice: 'cedar' } },
      },
    });
  });

  it.each([
    ['before', true],
    ['after', false],
  ])('reads a global ConfigService (imported %s NavaiModule) over process.env', async (_, configFirst) => {
    vi.stubEnv('OPENAI_REALTIME_MODEL', 'gpt-realtime-from-env');
    vi.stubEnv('OPENAI_REALTIME_VOICE', 'ash');
    const config = ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [
        () => ({
          OPENAI_API_KEY: KEY,
          OPENAI_BASE_URL: fake.baseUrl,
          OPENAI_REALTIME_MODEL: 'gpt-realtime-from-config',
          OPENAI_REALTIME_CLIENT_SECRET_TTL: 300,
        }),
      ],
    });
    const navai = NavaiModule.forRoot();
    const { body } = await mint(configFirst ? [config, navai] : [navai, config]);
    expect(body.session.model).toBe('gpt-realtime-from-config');
    expect(body.session.audio.output.voice).toBe('ash');
    expect(body.expires_after.seconds).toBe(300);
  });

  it('reads ConfigService given to forRootAsync through its imports', async () => {
    const config = ConfigModule.forRoot({
      ignoreEnvFile: true,
      load: [() => ({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseUrl, OPENAI_REALTIME_VOICE: 'ballad' })],
    });
    const { body } = await mint([NavaiModule.forRootAsync({ imports: [config], useFactory: () => ({}) })]);
    expect(body.session.audio.output.voice).toBe('ballad');
  });

  it('falls back to process.env when ConfigService is not visible to the module', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    vi.stubEnv('OPENAI_BASE_URL', fake.baseUrl);
    const config = ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ OPENAI_REALTIME_VOICE: 'ash' })] });
    const { body } = await mint([config, NavaiModule.forRoot()]);
    expect(body.session.audio.output.voice).toBe('marin');
  });

  it('lets explicit module options win over ConfigService and process.env', async () => {
    vi.stubEnv('OPENAI_REALTIME_MODEL', 'gpt-realtime-from-env');
    vi.stubEnv('OPENAI_REALTIME_LANGUAGE', 'French');
    const config = ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [() => ({ OPENAI_REALTIME_VOICE: 'ash' })],
    });
    const { body } = await mint([
      config,
      NavaiModule.forRoot({
        apiKey: KEY,
        baseUrl: fake.baseUrl,
        model: 'gpt-realtime-2025-08-28',
        voice: 'verse',
        instructions: 'Be brief.',
        language: 'German',
        voiceTone: 'calm',
        clientSecretTtlSeconds: 7200,
      }),
    ]);
    expect(body).toEqual({
      expires_after: { anchor: 'created_at', seconds: 7200 },
      session: {
        type: 'realtime',
        model: 'gpt-realtime-2025-08-28',
        instructions: 'Be brief.\nAlways reply in German.\nUse a calm tone while speaking.',
        audio: { output: { voice: 'verse' } },
      },
    });
  });

  it('applies per-request overrides; blank fields fall back and unknown fields never reach OpenAI', async () => {
    const { body } = await mint(
      [NavaiModule.forRoot({ apiKey: KEY, baseUrl: fake.baseUrl, language: 'English', voiceAccent: 'Scottish' })],
      {
        model: 'gpt-realtime-mini',
        voice: 'coral',
        instructions: '  You tutor maths.  ',
        language: 'Italian',
        voiceAccent: '   ',
        voiceTone: 'cheerful',
        temperature: 0.2,
      },
    );
    expect(body.session).toEqual({
      type: 'realtime',
      model: 'gpt-realtime-mini',
      instructions: 'You tutor maths.\nAlways reply in Italian.\nUse a Scottish accent while speaking.\nUse a cheerful tone while speaking.',
      audio: { output: { voice: 'coral' } },
    });
  });

  it('merges session defaults from the options, keeping model, instructions and voice its own', async () => {
    const { body } = await mint([
      NavaiModule.forRoot({
        apiKey: KEY,
        baseUrl: fake.baseUrl,
        session: {
          output_modalities: ['audio'],
          audio: {
            input: {
              format: { type: 'audio/pcm', rate: 24000 },
              noise_reduction: { type: 'near_field' },
              transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
              turn_detection: { type: 'semantic_vad', eagerness: 'low' },
            },
            output: { speed: 1.2 },
          },
          tool_choice: 'auto',
          max_output_tokens: 1024,
          tracing: 'auto',
          truncation: 'auto',
        },
      }),
    ], { voice: 'sage' });
    expect(body.session).toEqual({
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'You are a helpful assistant.',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          noise_reduction: { type: 'near_field' },
          transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
          turn_detection: { type: 'semantic_vad', eagerness: 'low' },
        },
        output: { speed: 1.2, voice: 'sage' },
      },
      tool_choice: 'auto',
      max_output_tokens: 1024,
      tracing: 'auto',
      truncation: 'auto',
    });
  });
});

describe('allow-lists', () => {
  const options = {
    apiKey: KEY,
    allowedModels: ['gpt-realtime', 'gpt-realtime-mini'],
    allowedVoices: ['marin', 'cedar'],
  };

  it('mints allowed models and voices', async () => {
    const { body } = await mint([NavaiModule.forRoot({ ...options, baseUrl: fake.baseUrl })], {
      model: 'gpt-realtime-mini',
      voice: 'cedar',
    });
    expect(body.session.model).toBe('gpt-realtime-mini');
    expect(body.session.audio.output.voice).toBe('cedar');
  });

  it.each([
    [{ model: 'gpt-4o-realtime-preview' }, 'model "gpt-4o-realtime-preview" is not allowed. Allowed: gpt-realtime, gpt-realtime-mini.'],
    [{ voice: 'alloy' }, 'voice "alloy" is not allowed. Allowed: marin, cedar.'],
  ])('answers 400 for %o without calling OpenAI', async (override, message) => {
    const app = await startApp([NavaiModule.forRoot({ ...options, baseUrl: fake.baseUrl })]);
    apps.push(app);
    const before = fake.requests.length;
    const res = await app.request('POST', PATH, override);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ statusCode: 400, message, error: 'Bad Request' });
    expect(fake.requests.length).toBe(before);
  });
});

describe('service', () => {
  it('is exported for use in the app\'s own providers, and returns the upstream session', async () => {
    const { ClientSecretService } = await import('../../lib/index.js');
    @Module({ imports: [NavaiModule.forRoot({ apiKey: KEY, baseUrl: fake.baseUrl })] })
    class FeatureModule {}
    const app = await startApp([FeatureModule]);
    apps.push(app);
    const secret = await app.app.get(ClientSecretService).create({ voice: 'echo', language: 'Dutch' });
    expect(secret.value).toMatch(/^ek_/);
    expect(secret.session).toMatchObject({ type: 'realtime', object: 'realtime.session', audio: { output: { voice: 'echo' } } });
    expect(secret.session.instructions).toBe('You are a helpful assistant.\nAlways reply in Dutch.');
  });
});
