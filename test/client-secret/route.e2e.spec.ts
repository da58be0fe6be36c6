import { Controller, Injectable, Module, Post } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSecretService, NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

const PATH = '/navai/realtime/client-secret';
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
});
afterAll(() => fake.close());

async function withApp(imports: Parameters<typeof startApp>[0], test: (app: TestApp) => Promise<void>, prefix?: string) {
  const app = await startApp(imports, {}, prefix);
  try {
    await test(app);
  } finally {
    await app.close();
  }
}

describe('POST /navai/realtime/client-secret', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl })]);
  });
  afterAll(() => app.close());

  it('answers 200 with only value, expires_at and speech', async () => {
    const res = await app.request('POST', PATH, { voice: 'cedar' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ value: expect.stringMatching(/^ek_/), expires_at: expect.any(Number), speech: { provider: 'openai' } });
  });

  it('treats {} as every default', async () => {
    const res = await app.request('POST', PATH, {});
    expect(res.status).toBe(200);
    expect(fake.lastBody.session.model).toBe('gpt-realtime');
  });

  it('refuses a POST without a content type (no body) with 415, before calling OpenAI', async () => {
    const before = fake.requests.length;
    const res = await app.request('POST', PATH);
    expect(res.status).toBe(415);
    expect(res.json).toEqual({ statusCode: 415, message: 'Send the request body as application/json.', error: 'Unsupported Media Type' });
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    ['a number where a string is expected', { model: 42 }, ['model must be shorter than or equal to 128 characters', 'model must be a string']],
    ['instructions past 32768 characters', { instructions: 'x'.repeat(32_769) }, ['instructions must be shorter than or equal to 32768 characters']],
    ['an apiKey past 512 characters', { apiKey: 'k'.repeat(513) }, ['apiKey must be shorter than or equal to 512 characters']],
    ['a voice object', { voice: { id: 'x' } }, ['voice must be shorter than or equal to 64 characters', 'voice must be a string']],
  ])('rejects %s with 400 in Nest\'s shape, before calling OpenAI', async (_, body, message) => {
    const before = fake.requests.length;
    const res = await app.request('POST', PATH, body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ statusCode: 400, message, error: 'Bad Request' });
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    ['malformed JSON', '{"model":', 'application/json'],
    ['a JSON array', '[1,2]', 'application/json'],
    ['a JSON string', '"gpt-realtime"', 'application/json'],
  ])('answers %s with a JSON 400, never HTML', async (_, body, contentType) => {
    const res = await app.request('POST', PATH, body, { 'content-type': contentType });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    // The platform's parser answers first: Nest's shape on Express, Fastify's own (without `error`) there.
    expect(res.json).toMatchObject({ statusCode: 400, message: expect.anything() });
  });

  it('answers an unknown method with a JSON 404', async () => {
    const res = await app.request('GET', PATH);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ statusCode: 404 });
  });
});

describe('module shape', () => {
  it('mounts the route at a configured path and under the global prefix', async () => {
    await withApp(
      [NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, clientSecretPath: '/voice/token' })],
      async (app) => {
        expect((await app.request('POST', '/api/voice/token', {})).status).toBe(200);
        expect((await app.request('POST', '/voice/token', {})).status).toBe(404);
        expect((await app.request('POST', `/api${PATH}`, {})).status).toBe(404);
      },
      'api',
    );
  });

  it('forRootAsync reads options from a factory with injected dependencies, and extras stay synchronous', async () => {
    @Injectable()
    class Secrets {
      key = CANARY_KEY;
    }
    @Module({ providers: [Secrets], exports: [Secrets] })
    class SecretsModule {}

    await withApp(
      [
        NavaiModule.forRootAsync({
          imports: [SecretsModule],
          inject: [Secrets],
          useFactory: async (secrets: Secrets) => ({ apiKey: secrets.key, baseUrl: fake.baseUrl, voice: 'shimmer' }),
          clientSecretPath: '/async/token',
        }),
      ],
      async (app) => {
        const res = await app.request('POST', '/async/token', {});
        expect(res.status).toBe(200);
        expect(fake.lastBody.session.audio.output.voice).toBe('shimmer');
      },
    );
  });

  it('forRootAsync with useClass', async () => {
    @Injectable()
    class NavaiOptionsFactory {
      create() {
        return { apiKey: CANARY_KEY, baseUrl: fake.baseUrl, model: 'gpt-realtime-mini' };
      }
    }
    await withApp([NavaiModule.forRootAsync({ useClass: NavaiOptionsFactory })], async (app) => {
      expect((await app.request('POST', PATH, {})).status).toBe(200);
      expect(fake.lastBody.session.model).toBe('gpt-realtime-mini');
    });
  });

  it('isGlobal makes ClientSecretService injectable in modules that do not import NavaiModule', async () => {
    @Controller('mine')
    class MyController {
      constructor(private readonly secrets: ClientSecretService) {}
      @Post()
      async mint() {
        const { value } = await this.secrets.create({ voice: 'verse' });
        return { token: value };
      }
    }
    @Module({ controllers: [MyController] })
    class FeatureModule {}

    await withApp(
      [NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, isGlobal: true }), FeatureModule],
      async (app) => {
        const res = await app.request('POST', '/mine', {});
        expect(res.status).toBe(201);
        expect(res.json.token).toMatch(/^ek_/);
        expect(fake.lastBody.session.audio.output.voice).toBe('verse');
      },
    );
  });

  it('two apps in one process keep their own paths', async () => {
    const first = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, clientSecretPath: '/one' })]);
    const second = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, clientSecretPath: '/two' })]);
    try {
      expect((await first.request('POST', '/one', {})).status).toBe(200);
      expect((await first.request('POST', '/two', {})).status).toBe(404);
      expect((await second.request('POST', '/two', {})).status).toBe(200);
      expect((await second.request('POST', '/one', {})).status).toBe(404);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
