import { Injectable, Module } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, NavaiTool } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { postChunked, startApp, type TestApp } from '../support/test-app.js';
import { expectCleanAnswer, watchProcess } from './fault-kit.js';

/** Values and bodies built to break the code that handles them: each is answered, none stops the process. */

const fail = (value: unknown): never => {
  throw value;
};

@Injectable()
class UnprintableTools {
  @NavaiTool()
  throwsNullPrototypeObject() {
    fail(Object.create(null));
  }

  @NavaiTool({ timeoutMs: 40 })
  rejectsLateWithNullPrototypeObject() {
    return sleep(120).then(() => fail(Object.create(null)));
  }
}

@Module({ providers: [UnprintableTools] })
class UnprintableToolsModule {}


const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const EXECUTE = '/navai/functions/execute';
const MINT = '/navai/realtime/client-secret';

let fake: FakeOpenAI;
let app: TestApp;
let watch: ReturnType<typeof watchProcess>;
beforeAll(async () => {
  watch = watchProcess();
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: 'test/fixtures/none' }), UnprintableToolsModule]);
});
afterAll(async () => {
  await app.close();
  await fake.close();
  watch.stop();
});

describe('thrown values String() cannot convert', () => {
  it('a tool that throws one answers 500 with a reference', async () => {
    const res = await app.request('POST', EXECUTE, { function_name: 'throws_null_prototype_object' });
    expectCleanAnswer(res);
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ function_name: 'throws_null_prototype_object', code: 'EXECUTION_FAILED', error: 'The tool failed.' });
    expect(res.json.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(app.logger.text).toContain(`(reference ${res.json.correlation_id}) [object Object]`);
  });

  it('a tool that rejects with one after its timeout leaves no unhandled rejection', async () => {
    expect((await app.request('POST', EXECUTE, { function_name: 'rejects_late_with_null_prototype_object' })).status).toBe(504);
    await expect.poll(() => app.logger.text, { timeout: 2_000 }).toContain('failed after its call had ended');
    expect(watch.failures).toEqual([]);
  });
});

describe('deeply nested bodies', () => {
  it('client-secret: unknown nested fields are dropped, a nested known field is a 400', async () => {
    expect((await app.request('POST', MINT, `{"x":${deep(5_000)}}`)).status).toBe(200);
    const nested = await app.request('POST', MINT, `{"model":${deep(5_000)}}`);
    expect(nested.status).toBe(400);
    expect(nested.json.message).toContain('model must be a string');
    expect((await app.request('POST', MINT, deep(5_000))).status).toBe(400);
  });

  it('without Content-Length, the body limit measures them instead of failing', async () => {
    const execute = await postChunked(app.url, EXECUTE, `{"function_name":"nope","payload":${deep(10_000)}}`);
    expect(execute.status).toBe(404);
    const mint = await postChunked(app.url, MINT, `{"x":${deep(10_000)}}`);
    expect(mint.status).toBe(200);
    expect(watch.failures).toEqual([]);
  });
});
