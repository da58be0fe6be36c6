import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { exec, startNodeApp } from '../support/run-node.js';
import { send } from '../support/test-app.js';

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
    expect(list.json).toEqual({
      items: [
        {
          name: 'get_order_status',
          description: 'Look up the status of an order by its id, e.g. A-1001.',
          source: 'OrdersService#getOrderStatus',
        },
        { name: 'clock_now', description: 'Call exported object member clock.now().', source: 'dist/ai/functions-modules/clock.js#clock.now' },
        {
          name: 'clock_time_zone',
          description: 'Call exported object member clock.timeZone().',
          source: 'dist/ai/functions-modules/clock.js#clock.timeZone',
        },
        { name: 'get_weather', description: 'Call exported function getWeather.', source: 'dist/ai/functions-modules/weather.js#getWeather' },
      ],
      warnings: [],
    });
    const weather = await send(app.url, 'POST', '/navai/functions/execute', { function_name: 'get_weather', payload: { city: 'Lima' } });
    expect(weather.json).toMatchObject({ ok: true, result: { city: 'Lima', forecast: 'sunny' } });
    const order = await send(app.url, 'POST', '/navai/functions/execute', { function_name: 'get_order_status', payload: { orderId: 'A-1001' } });
    expect(order.json.result).toEqual({ orderId: 'A-1001', status: 'shipped', eta: 'tomorrow' });
  });
});
