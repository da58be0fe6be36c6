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
});
