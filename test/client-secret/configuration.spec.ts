import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NAVAI_CONFIG, NavaiModule, type NavaiConfig, type NavaiModuleOptions } from '../../lib/index.js';
import { CapturingLogger } from '../support/test-app.js';

afterEach(() => vi.unstubAllEnvs());

async function compile(options: NavaiModuleOptions = {}) {
  const module = await Test.createTestingModule({ imports: [NavaiModule.forRoot(options)] })
    .setLogger(new CapturingLogger())
    .compile();
  await module.close();
}

describe('invalid configuration stops startup, naming the setting, the value and what is accepted', () => {
  it.each([
    ['abc', 'Invalid OPENAI_REALTIME_CLIENT_SECRET_TTL: "abc". Expected an integer from 10 to 7200.'],
    ['12.5', 'Invalid OPENAI_REALTIME_CLIENT_SECRET_TTL: "12.5". Expected an integer from 10 to 7200.'],
    ['', 'Invalid OPENAI_REALTIME_CLIENT_SECRET_TTL: "". Expected an integer from 10 to 7200.'],
    ['9', 'Invalid OPENAI_REALTIME_CLIENT_SECRET_TTL: "9". Expected an integer from 10 to 7200.'],
    ['7201', 'Invalid OPENAI_REALTIME_CLIENT_SECRET_TTL: "7201". Expected an integer from 10 to 7200.'],
    ['-600', 'Invalid OPENAI_REALTIME_CLIENT_SECRET_TTL: "-600". Expected an integer from 10 to 7200.'],
    ['1e3', 'Invalid OPENAI_REALTIME_CLIENT_SECRET_TTL: "1e3". Expected an integer from 10 to 7200.'],
  ])('OPENAI_REALTIME_CLIENT_SECRET_TTL=%j', async (value, message) => {
    vi.stubEnv('OPENAI_REALTIME_CLIENT_SECRET_TTL', value);
    await expect(compile()).rejects.toThrow(message);
  });

  it.each(['10', '7200', ' 600 '])('accepts OPENAI_REALTIME_CLIENT_SECRET_TTL=%j', async (value) => {
    vi.stubEnv('OPENAI_REALTIME_CLIENT_SECRET_TTL', value);
    await expect(compile()).resolves.toBeUndefined();
  });

  it.each([5, 7200.5, 8000, Number.NaN])('option clientSecretTtlSeconds: %s', async (value) => {
    await expect(compile({ clientSecretTtlSeconds: value })).rejects.toThrow(
      `Invalid clientSecretTtlSeconds: ${JSON.stringify(value)}. Expected an integer from 10 to 7200.`,
    );
  });

  it.each(['yes', '1', 'on', ''])('NAVAI_ALLOW_FRONTEND_API_KEY=%j', async (value) => {
    vi.stubEnv('NAVAI_ALLOW_FRONTEND_API_KEY', value);
    await expect(compile()).rejects.toThrow(
      `Invalid NAVAI_ALLOW_FRONTEND_API_KEY: ${JSON.stringify(value)}. Expected "true" or "false".`,
    );
  });

  it.each(['api.openai.com/v1', 'ftp://example.com/v1', 'not a url', ''])('OPENAI_BASE_URL=%j', async (value) => {
    vi.stubEnv('OPENAI_BASE_URL', value);
    await expect(compile()).rejects.toThrow(
      `Invalid OPENAI_BASE_URL: ${JSON.stringify(value)}. Expected an http(s) URL without a query or fragment, such as https://api.openai.com/v1.`,
    );
  });

  it('option baseUrl', async () => {
    await expect(compile({ baseUrl: 'file:///etc/passwd' })).rejects.toThrow('Invalid baseUrl: "file:///etc/passwd"');
  });

  it('option upstreamTimeoutMs', async () => {
    await expect(compile({ upstreamTimeoutMs: 0 })).rejects.toThrow(
      'Invalid upstreamTimeoutMs: 0. Expected an integer from 1 to 600000.',
    );
  });

  it.each([
    ['toolTimeoutMs', 0, 'an integer from 1 to 600000'],
    ['toolTimeoutMs', 1.5, 'an integer from 1 to 600000'],
    ['bodyLimit', 0, 'an integer from 1 to 1073741824'],
    ['maxPayloadDepth', 1001, 'an integer from 1 to 1000'],
    ['maxPayloadValues', -1, 'an integer from 1 to 10000000'],
  ] as const)('option %s: %s', async (setting, value, accepted) => {
    await expect(compile({ [setting]: value })).rejects.toThrow(`Invalid ${setting}: ${value}. Expected ${accepted}.`);
  });

  it.each([
    ['allowFrontendApiKey', 'yes'],
    ['sessionTools', 1],
    ['functionsCompiled', 'no'],
  ] as const)('option %s that is not a boolean: %j', async (setting, value) => {
    await expect(compile({ [setting]: value } as never)).rejects.toThrow(
      `Invalid ${setting}: ${JSON.stringify(value)}. Expected "true" or "false".`,
    );
  });

  it('reads "true" and "false" strings from an async factory (as ConfigService gives them) as booleans', async () => {
    const module = await Test.createTestingModule({
      imports: [
        NavaiModule.forRootAsync({
          useFactory: () => ({ apiKey: 'sk-server', allowFrontendApiKey: 'false', sessionTools: ' TRUE ' }) as never,
        }),
      ],
    })
      .setLogger(new CapturingLogger())
      .compile();
    const config = module.get<NavaiConfig>(NAVAI_CONFIG);
    await module.close();
    expect(config.allowFrontendApiKey).toBe(false);
    expect(config.sessionTools).toBe(true);
  });

  it('a default model or voice outside the allow-lists', async () => {
    await expect(compile({ allowedModels: ['gpt-realtime-mini'] })).rejects.toThrow(
      'model "gpt-realtime" is not allowed. Allowed: gpt-realtime-mini.',
    );
    await expect(compile({ allowedVoices: ['cedar'], voice: 'alloy' })).rejects.toThrow(
      'voice "alloy" is not allowed. Allowed: cedar.',
    );
    await expect(compile({ allowedVoices: [] })).rejects.toThrow('Invalid allowedVoices: []. Expected a non-empty list of names.');
  });

  it('explicit options replace invalid environment values', async () => {
    vi.stubEnv('OPENAI_REALTIME_CLIENT_SECRET_TTL', 'abc');
    vi.stubEnv('OPENAI_BASE_URL', 'nope');
    vi.stubEnv('NAVAI_ALLOW_FRONTEND_API_KEY', 'maybe');
    await expect(
      compile({ clientSecretTtlSeconds: 60, baseUrl: 'http://127.0.0.1:1/v1', allowFrontendApiKey: false }),
    ).resolves.toBeUndefined();
  });
});
