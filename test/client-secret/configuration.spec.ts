import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NavaiModule, type NavaiModuleOptions } from '../../lib/index.js';
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
      `Invalid OPENAI_BASE_URL: ${JSON.stringify(value)}. Expected an http(s) URL such as https://api.openai.com/v1.`,
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
