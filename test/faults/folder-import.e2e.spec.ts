import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { expectCleanAnswer, watchProcess } from './fault-kit.js';

/**
 * Folder modules that fail while they are imported (a throw, a rejected top-level await, a
 * thrown string, a thrown value String() cannot convert) beside one that loads: the app starts, the good tool works, and each broken
 * module is named once in the warnings and once in the log.
 */
const LIST = '/navai/functions';
const EXECUTE = '/navai/functions/execute';
const fixtures = fileURLToPath(new URL('../fixtures/faults', import.meta.url));
const dir = 'src/ai/functions-modules';

/** What each module threw: in the log only, never in a warning a client can be shown. */
const ERRORS: Record<string, string> = {
  'broken-async.ts': 'feature flags unavailable',
  'broken.ts': 'cannot reach the pricing database',
  'throws-null-prototype.ts': '[object Object]',
  'throws-text.ts': 'config.json is missing',
};
const WARNINGS = Object.keys(ERRORS).map((file) => `Failed to load ${dir}/${file}; its error is in the server log.`);

const GREET = {
  name: 'greet',
  description: 'Call exported function greet.',
  source: `${dir}/good.ts#greet`,
  parameters: {
    type: 'object',
    properties: {
      args: { type: 'array', description: 'The positional arguments of the function.' },
      value: { description: 'The single argument of the function.' },
    },
    additionalProperties: true,
  },
};

let fake: FakeOpenAI;
let app: TestApp;
let watch: ReturnType<typeof watchProcess>;

beforeAll(async () => {
  watch = watchProcess();
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsBaseDir: fixtures, showWarnings: true })]);
});
afterAll(async () => {
  await app.close();
  await fake.close();
  watch.stop();
});
afterEach(async () => {
  expect(watch.failures).toEqual([]);
  const next = await app.request('POST', EXECUTE, { function_name: 'greet', payload: { value: 'Ada' } });
  expect(next.status).toBe(200);
  expect(next.json).toEqual({ ok: true, function_name: 'greet', source: GREET.source, result: 'Hello, Ada.' });
  expect(app.logger.text).not.toContain(CANARY_KEY);
});

describe('a folder module that throws on import', () => {
  it('does not stop the app: the good module\'s tool is listed, and only it', async () => {
    const res = await app.request('GET', LIST);
    expectCleanAnswer(res);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ items: [GREET], warnings: WARNINGS });
  });

  it('keeps the warnings stable from one request to the next', async () => {
    const [first, second] = [await app.request('GET', LIST), await app.request('GET', LIST)];
    expect(second.json.warnings).toEqual(first.json.warnings);
    expect(second.json.warnings).toEqual(WARNINGS);
  });

  it('never shows what a module threw, only names it', async () => {
    const { text } = await app.request('GET', LIST);
    for (const error of Object.values(ERRORS).filter((message) => message !== '[object Object]')) expect(text).not.toContain(error);
  });

  it('logs each failure once, with what the module threw, while the app starts', () => {
    for (const [index, warning] of WARNINGS.entries()) {
      const lines = app.logger.lines.filter((line) => line.includes(warning));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error /);
      expect(lines[0]).toContain(Object.values(ERRORS)[index]);
    }
    const started = app.logger.lines.findIndex((line) => line.includes('Nest application successfully started'));
    const warned = app.logger.lines.findIndex((line) => line.includes(WARNINGS[0]));
    expect(warned).toBeGreaterThanOrEqual(0);
    expect(warned).toBeLessThan(started);
  });

  it.each([['never_registered'], ['flagged'], ['configured']])('leaves the broken module\'s export %s unknown: 404', async (name) => {
    const res = await app.request('POST', EXECUTE, { function_name: name });
    expectCleanAnswer(res);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      ok: false,
      function_name: name,
      code: 'UNKNOWN_FUNCTION',
      error: 'Unknown or disallowed function.',
      details: `There is no tool named "${name}" that you may call.`,
      available_functions: ['greet'],
    });
  });

  it('still mints client secrets', async () => {
    const res = await app.request('POST', '/navai/realtime/client-secret', {});
    expect(res.status).toBe(200);
    expect(res.json.value).toMatch(/^ek_/);
  });
});
