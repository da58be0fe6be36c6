import { type CanActivate, Injectable } from '@nestjs/common';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NAVAI_CONFIG, NavaiModule, type NavaiConfig, type NavaiModuleOptions } from '../../lib/index.js';
import { startApp, type TestApp } from '../support/test-app.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/security/${name}`, import.meta.url));
const EXECUTE = '/navai/functions/execute';
const apps: TestApp[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(options: NavaiModuleOptions): Promise<TestApp> {
  const app = await startApp([NavaiModule.forRoot(options)]);
  apps.push(app);
  return app;
}

@Injectable()
class DenyGuard implements CanActivate {
  canActivate() {
    return false;
  }
}

describe('agentGuards never fail open', () => {
  const agents = fixture('agents');

  it.each([
    ['a key in another case', { agentsFolders: 'sales', agentGuards: { Sales: [DenyGuard] } }, 'Invalid agentGuards: "Sales" is not an agent folder'],
    ['a misspelt key', { agentsFolders: 'sales', agentGuards: { sale: [DenyGuard] } }, 'Invalid agentGuards: "sale" is not an agent folder'],
    ['agentGuards without agentsFolders', { agentGuards: { sales: [DenyGuard] } }, 'No agent folders are set (agentsFolders, NAVAI_AGENTS_FOLDERS).'],
  ])('%s stops startup, naming it', async (_, options, message) => {
    await expect(start({ functionsBaseDir: agents, ...options })).rejects.toThrow(message);
  });

  it('names the agent folders there are', async () => {
    await expect(start({ functionsBaseDir: agents, agentsFolders: 'sales, constructor', agentGuards: { Sales: [DenyGuard] } })).rejects.toThrow(
      'Agent folders (agentsFolders, NAVAI_AGENTS_FOLDERS): sales, constructor.',
    );
  });

  it('starts with an agent folder named constructor, and guards only the agent named', async () => {
    const app = await start({ functionsBaseDir: agents, agentsFolders: 'sales,constructor', agentGuards: { sales: [DenyGuard] } });
    expect((await app.request('POST', EXECUTE, { function_name: 'build' })).status).toBe(200);
    expect((await app.request('POST', EXECUTE, { function_name: 'quote' })).status).toBe(403);
  });

  it.each([
    ['a file token listed before its agent folder', 'src/ai/functions-modules/sales/quote.ts, src/ai/functions-modules'],
    ['a file token alone', 'src/ai/functions-modules/sales/quote.ts'],
    ['a wildcard', 'src/ai/functions-modules/*/quote.ts'],
  ])('applies the agent guards to a file admitted by %s', async (_, functionsFolders) => {
    const app = await start({ functionsBaseDir: agents, functionsFolders, agentsFolders: 'sales,constructor', agentGuards: { sales: [DenyGuard] } });
    const res = await app.request('POST', EXECUTE, { function_name: 'quote' });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('FORBIDDEN');
  });
});

describe('folder tokens stay inside functionsBaseDir', () => {
  const base = fixture('escape/base');

  it.each(['src/../../outside', '../../outside/tools', '/../../outside', 'src/*/../../../outside', 'src/ai/../../../outside/tools/index.mjs'])(
    '%s stops startup, naming the token',
    async (token) => {
      await expect(start({ functionsBaseDir: base, functionsFolders: `src/ai/functions-modules, ${token}` })).rejects.toThrow(
        `Invalid functions folder "${token}": it leads outside the base directory ${base}`,
      );
    },
  );

  it('takes a token whose .. stays inside', async () => {
    const app = await start({ functionsBaseDir: base, functionsFolders: 'src/ai/../ai/functions-modules' });
    expect((await app.request('POST', EXECUTE, { function_name: 'inside' })).status).toBe(200);
  });
});

describe('a folder module whose top-level await never settles', () => {
  it('is skipped after functionsImportTimeoutMs, named in the log; the app starts and its other tools work', async () => {
    const app = await start({ functionsBaseDir: fixture('stuck'), functionsImportTimeoutMs: 300, showWarnings: true });
    const warning =
      'Skipped src/ai/functions-modules/stuck.ts: it did not finish loading within 300 ms (functionsImportTimeoutMs); a top-level await that never settles?';
    expect(app.logger.lines.filter((line) => line.includes(warning))).toHaveLength(1);
    expect((await app.request('GET', '/navai/functions')).json).toMatchObject({ items: [{ name: 'fine' }], warnings: [warning] });
    expect((await app.request('POST', EXECUTE, { function_name: 'fine' })).json.result).toBe('fine');
  });

  it('refuses a functionsImportTimeoutMs out of range', async () => {
    await expect(start({ functionsBaseDir: fixture('stuck'), functionsImportTimeoutMs: 0 })).rejects.toThrow(
      'Invalid functionsImportTimeoutMs: 0. Expected an integer from 1 to 600000.',
    );
  });
});

describe('a server key an HTTP header cannot carry stops startup, without showing it', () => {
  it.each(['sk-abc\ndef', 'sk-abc\tdef', 'sk-ab c', 'sk-abc\u2603'])('OPENAI_API_KEY=%j', async (key) => {
    vi.stubEnv('OPENAI_API_KEY', key);
    const message = await start({}).then(() => undefined, (error: Error) => error.message);
    expect(message).toMatch(/^Invalid OPENAI_API_KEY: an OpenAI API key has visible ASCII characters only/);
    expect(message).not.toContain('sk-ab');
  });

  it.each(['sk-abc\r\ndef', 'sk-abc\u0000def'])('the apiKey option %j', async (apiKey) => {
    await expect(start({ apiKey })).rejects.toThrow(/^Invalid apiKey: an OpenAI API key has visible ASCII characters only/);
  });

  it('takes a key with a trailing newline (an env file), trimmed', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-fine-key\n');
    const app = await start({});
    expect(app.app.get<NavaiConfig>(NAVAI_CONFIG).apiKey).toBe('sk-fine-key');
  });

  it('reads OPENAI_API_KEY when the apiKey option is blank', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env');
    const app = await start({ apiKey: '  ' });
    expect(app.app.get<NavaiConfig>(NAVAI_CONFIG).apiKey).toBe('sk-from-env');
  });
});

describe('baseUrl', () => {
  it.each(['http://127.0.0.1:9/v1?x=1', 'http://127.0.0.1:9/v1#top'])('%s, whose query or fragment would swallow the path, stops startup', async (baseUrl) => {
    await expect(start({ baseUrl })).rejects.toThrow(
      `Invalid baseUrl: ${JSON.stringify(baseUrl)}. Expected an http(s) URL without a query or fragment, such as https://api.openai.com/v1.`,
    );
  });
});
