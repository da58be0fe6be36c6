import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { exec, startNodeApp } from '../support/run-node.js';
import { send } from '../support/test-app.js';
import { sampleOffer } from '../support/fake-realtime-calls.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const READY = /Navai sample listening on (http:\/\/\S+)/;

describe('the sample app, compiled and run with plain node', () => {
  let fake: FakeOpenAI;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fake = await FakeOpenAI.start([CANARY_KEY]);
    await exec(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root });
    await exec(process.execPath, [tsc, '-p', 'sample/tsconfig.json'], { cwd: root });
  }, 60_000);
  afterAll(async () => {
    children.forEach((child) => child.kill());
    await fake.close();
  });

  it('starts without OPENAI_API_KEY and answers the clear missing-key error', async () => {
    const app = await startNodeApp('sample/dist/main.js', { cwd: root, env: { PORT: '0' }, ready: READY });
    children.push(app.child);
    const res = await send(app.url, 'POST', '/navai/realtime/client-secret', {});
    expect(res.status).toBe(503);
    expect(res.json.message).toContain('OPENAI_API_KEY');
  });

  it('mints secrets with a key', async () => {
    const env = { PORT: '0', OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: fake.baseUrl, OPENAI_REALTIME_VOICE: 'cedar' };
    const app = await startNodeApp('sample/dist/main.js', { cwd: root, env, ready: READY });
    children.push(app.child);
    const res = await send(app.url, 'POST', '/navai/realtime/client-secret', { language: 'Portuguese' });
    expect(res.status).toBe(200);
    expect(res.json.value).toMatch(/^ek_/);
    expect(fake.lastBody.session.audio.output.voice).toBe('cedar');
    expect(app.output()).not.toContain(CANARY_KEY);
  });

  it('lists and runs its decorated and folder tools from the compiled files', async () => {
    const app = await startNodeApp('sample/dist/main.js', { cwd: root, env: { PORT: '0' }, ready: READY });
    children.push(app.child);
    const list = await send(app.url, 'GET', '/navai/functions');
    const legacy = {
      type: 'object',
      properties: {
        args: { type: 'array', description: 'The positional arguments of the function.' },
        value: { description: 'The single argument of the function.' },
      },
      additionalProperties: true,
    };
    expect(list.json).toEqual({
      items: [
        {
          name: 'get_order_status',
          description: 'Look up the status of an order.',
          source: 'OrdersService#getOrderStatus',
          parameters: {
            type: 'object',
            properties: { orderId: { type: 'string', pattern: '^A-\\d{4}$', description: 'The order id, e.g. A-1001.' } },
            required: ['orderId'],
          },
          hints: { readOnly: true },
        },
        {
          name: 'clock_now',
          description: 'Call exported object member clock.now().',
          source: 'dist/ai/functions-modules/clock.js#clock.now',
          parameters: legacy,
        },
        {
          name: 'clock_time_zone',
          description: 'Call exported object member clock.timeZone().',
          source: 'dist/ai/functions-modules/clock.js#clock.timeZone',
          parameters: legacy,
        },
        {
          name: 'get_weather',
          description: 'Current weather for a city.',
          source: 'dist/ai/functions-modules/weather.js#getWeather',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string', description: 'City name, e.g. Bogotá.' },
              unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
            },
            required: ['city'],
          },
          hints: { readOnly: true },
        },
      ],
      warnings: [],
    });
    const execute = (function_name: string, payload: object) =>
      send(app.url, 'POST', '/navai/functions/execute', { function_name, payload });
    expect((await execute('get_weather', { city: 'Lima' })).json).toEqual({
      ok: true,
      function_name: 'get_weather',
      source: 'dist/ai/functions-modules/weather.js#getWeather',
      result: { city: 'Lima', forecast: 'sunny', temperature: 24, unit: 'celsius' },
    });
    expect((await execute('get_order_status', { orderId: 'A-1001' })).json.result).toEqual({
      orderId: 'A-1001',
      status: 'shipped',
      eta: 'tomorrow',
    });
    const invalid = await execute('get_order_status', { orderId: '1001' });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ code: 'INVALID_ARGUMENTS', issues: [{ path: 'orderId', message: 'must look like A-1001' }] });
  });

  it('takes a server-side call and runs its tools on the sideband', async () => {
    const env = { PORT: '0', OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: fake.baseUrl };
    const app = await startNodeApp('sample/dist/main.js', { cwd: root, env, ready: READY });
    children.push(app.child);
    const res = await send(app.url, 'POST', '/navai/realtime/calls', sampleOffer(), { 'content-type': 'application/sdp' });
    expect(res.status).toBe(201);
    const call = fake.calls.get(res.headers.get('x-navai-call-id')!);
    await call.waitForConnection();
    const [id] = call.functionCalls([{ name: 'get_order_status', arguments: { orderId: 'A-1001' } }]);
    const output = await call.waitFor((event) => event.item?.call_id === id);
    expect(JSON.parse(output.item.output)).toMatchObject({ ok: true, result: { orderId: 'A-1001', status: 'shipped' } });
    await call.waitFor((event) => event.type === 'response.create');
    for (let wait = 0; wait < 50 && !/ran get_order_status \(ok\)/.test(app.output()); wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.output()).toMatch(/ran get_order_status \(ok\)/);
    expect(app.output()).not.toContain(CANARY_KEY);
  });

  it('leads from / to the playground page', async () => {
    const app = await startNodeApp('sample/dist/main.js', { cwd: root, env: { PORT: '0' }, ready: READY });
    children.push(app.child);
    const home = await fetch(app.url + '/', { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/navai/playground');
    const page = await send(app.url, 'GET', '/navai/playground');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await send(app.url, 'GET', '/navai/playground/playground.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });
});
