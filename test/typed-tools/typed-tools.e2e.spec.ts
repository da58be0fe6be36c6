import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { postAndLeave, startApp, type TestApp } from '../support/test-app.js';
import { observed, TypedToolsModule } from './typed-tools.fixture.js';

const EXECUTE = '/navai/functions/execute';
const fixtures = fileURLToPath(new URL('../fixtures/typed', import.meta.url));

let fake: FakeOpenAI;
let app: TestApp;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([
    NavaiModule.forRoot({
      apiKey: CANARY_KEY,
      baseUrl: fake.baseUrl,
      functionsBaseDir: fixtures,
      toolTimeoutMs: 300,
      sessionTools: true,
    }),
    TypedToolsModule,
  ]);
});
afterAll(async () => {
  await app.close();
  await fake.close();
});

const call = (function_name: string, payload: unknown = {}) => app.request('POST', EXECUTE, { function_name, payload });
const item = async (name: string) =>
  ((await app.request('GET', '/navai/functions')).json.items as Array<Record<string, unknown>>).find((tool) => tool.name === name);

describe('typed parameters through the routes', () => {
  it('lists each tool\'s JSON Schema, and hints under their own key', async () => {
    expect(await item('create_order')).toEqual({
      name: 'create_order',
      description: 'Call TypedTools.createOrder().',
      source: 'TypedTools#createOrder',
      parameters: {
        type: 'object',
        properties: {
          sku: { type: 'string', description: 'Catalogue id of the product.' },
          quantity: { type: 'integer', minimum: 1, maximum: 10 },
          shipping: { type: 'string', enum: ['standard', 'express'] },
        },
        required: ['sku', 'quantity', 'shipping'],
      },
      hints: { destructive: true, requiresApproval: true },
    });
    expect(await item('quote_shipping')).toEqual({
      name: 'quote_shipping',
      description: 'Quote the shipping cost of a parcel.',
      source: 'src/ai/functions-modules/quote.ts#quoteShipping',
      parameters: {
        type: 'object',
        properties: {
          weightKg: { type: 'number', exclusiveMinimum: 0, description: 'Weight of the parcel in kilograms.' },
          express: { type: 'boolean', default: false },
        },
        required: ['weightKg'],
      },
      hints: { readOnly: true, idempotent: true },
    });
    expect((await item('forecast'))?.hints).toBeUndefined();
  });

  it.each([
    ['DTO', 'create_order', { sku: 'bike' }, { isDto: true, order: { sku: 'bike', quantity: 1, shipping: 'standard' }, hasSignal: true }],
    ['zod', 'book_room', { room: 'double' }, { room: 'double', nights: 1 }],
    ['valibot', 'leave_review', { stars: 5 }, { stars: 5, text: '' }],
    ['JSON Schema', 'forecast', { city: 'Quito' }, { city: 'Quito', days: 3 }],
    ['folder defineNavaiTool (zod)', 'quote_shipping', { weightKg: 2 }, { cost: 8, express: false, tool: 'quote_shipping' }],
    ['folder default defineNavaiTool (JSON Schema)', 'quote', {}, 14],
  ])('%s: the tool receives the validated value, defaults applied', async (_, name, payload, result) => {
    const res = await call(name, payload);
    expect(res.status).toBe(200);
    expect(res.json.result).toEqual(result);
  });

  it.each([
    [
      'DTO',
      'create_order',
      { sku: 3, quantity: 0 },
      [
        { path: 'sku', message: 'must be a string' },
        { path: 'quantity', message: 'must not be less than 1' },
      ],
      'The arguments for create_order are invalid: sku: must be a string; quantity: must not be less than 1.',
    ],
    [
      'JSON Schema',
      'forecast',
      { city: 'Q', extra: true },
      [
        { path: 'extra', message: 'is not allowed' },
        { path: 'city', message: 'must NOT have fewer than 2 characters' },
      ],
      'The arguments for forecast are invalid: extra: is not allowed; city: must NOT have fewer than 2 characters.',
    ],
  ])('%s: a payload that does not match answers 400 INVALID_ARGUMENTS and the tool never runs', async (_, name, payload, issues, details) => {
    const res = await call(name, payload);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ ok: false, function_name: name, code: 'INVALID_ARGUMENTS', error: 'Invalid arguments.', details, issues });
  });

  it.each([
    ['zod', 'book_room', { room: 'suite', nights: 0 }, ['room', 'nights']],
    ['valibot', 'leave_review', { stars: 9 }, ['stars']],
    ['folder tool', 'quote_shipping', { weightKg: -1 }, ['weightKg']],
  ])('%s: names each invalid field', async (_, name, payload, paths) => {
    const res = await call(name, payload);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('INVALID_ARGUMENTS');
    expect(res.json.issues.map((issue: { path: string }) => issue.path)).toEqual(paths);
    expect(res.json.details).toMatch(new RegExp(`^The arguments for ${name} are invalid: ${paths[0]}: .+\\.$`));
  });

  it.each([['a string', 'Lima'], ['an array', ['Lima']], ['null', null], ['an empty object', {}]])(
    'validates %s as the payload {}',
    async (_, payload) => {
      const res = await call('forecast', payload);
      expect(res.status).toBe(400);
      expect(res.json.issues).toEqual([{ path: 'city', message: 'is required' }]);
    },
  );
});

describe('timeouts and cancellation', () => {
  it('answers 504 TIMEOUT for a tool that ignores the signal, and drops its late result', async () => {
    const res = await call('slow_ignoring');
    // The answer came while the tool was still running.
    expect(observed.ignoringFinished).toBe(false);
    expect(res.status).toBe(504);
    expect(res.json).toEqual({
      ok: false,
      function_name: 'slow_ignoring',
      code: 'TIMEOUT',
      error: 'The tool timed out.',
      details: 'The tool did not finish within 100 ms.',
    });
    await expect.poll(() => observed.ignoringFinished, { timeout: 2_000 }).toBe(true);
  });

  it('aborts the signal of a tool that honours it', async () => {
    const res = await call('slow_honouring');
    expect(res.status).toBe(504);
    expect(observed.honouringAbortReason).toMatchObject({ body: { code: 'TIMEOUT' } });
  });

  it('applies the module-wide default to tools without their own', async () => {
    const res = await call('module_timeout');
    expect(res.status).toBe(504);
    expect(res.json.details).toBe('The tool did not finish within 300 ms.');
  });

  it('aborts the signal when the client goes away mid-call, and keeps serving', async () => {
    expect(await postAndLeave(app.url, EXECUTE, { function_name: 'wait_for_client' }, 100)).toBe('AbortError');
    await expect.poll(() => observed.disconnectReason, { timeout: 2_000 }).toMatchObject({ body: { code: 'EXECUTION_FAILED' } });
    expect((await call('forecast', { city: 'Lima' })).status).toBe(200);
  });

  it('logs a rejection that comes after the response, without crashing', async () => {
    expect((await call('reject_late')).status).toBe(504);
    await expect.poll(() => app.logger.text, { timeout: 2_000 }).toContain('Tool "reject_late" failed after its call had ended');
    expect((await call('forecast', { city: 'Lima' })).status).toBe(200);
  });
});

describe('results JSON cannot carry', () => {
  it.each(['bigint', 'circular'])('%s answers a clean EXECUTION_FAILED with a logged reference', async (name) => {
    const res = await call(name);
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ ok: false, function_name: name, code: 'EXECUTION_FAILED', error: 'The tool failed.' });
    expect(app.logger.text).toContain(`Tool "${name}" returned a result JSON cannot carry (reference ${res.json.correlation_id})`);
  });
});

describe('tools in the minted session', () => {
  it('gives the registry in the Realtime shape, and OpenAI\'s check accepts it', async () => {
    const res = await app.request('POST', '/navai/realtime/client-secret', {});
    expect(res.status).toBe(200);
    const tools = fake.lastBody.session.tools;
    // Every listed tool, in the list's order, as Realtime takes it: no source, no hints.
    const listed = (await app.request('GET', '/navai/functions')).json.items as Array<{ name: string; description: string; parameters: unknown }>;
    expect(listed.length).toBeGreaterThan(10);
    expect(tools).toEqual(listed.map(({ name, description, parameters }) => ({ type: 'function', name, description, parameters })));
    expect(tools.find((tool: { name: string }) => tool.name === 'book_room')).toEqual({
      type: 'function',
      name: 'book_room',
      description: 'Book a room.',
      parameters: {
        type: 'object',
        properties: { room: { type: 'string', enum: ['single', 'double'] }, nights: { type: 'integer', minimum: 1, maximum: 9007199254740991, default: 1 } },
        required: ['room'],
      },
    });
    expect(JSON.stringify(tools)).not.toMatch(/hints|readOnly|\$ref|\$schema/);
  });

  it('is off by default', async () => {
    const plain = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl }), TypedToolsModule]);
    try {
      expect((await plain.request('POST', '/navai/realtime/client-secret', {})).status).toBe(200);
      expect(fake.lastBody.session.tools).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
