import type { EventEmitter } from 'node:events';
import { type CanActivate, type ExecutionContext, Injectable, InternalServerErrorException, Module, UseGuards } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, NavaiTool } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { postAndLeave, startApp, type TestApp } from '../support/test-app.js';
import { expectCleanAnswer, STACK_FRAME, watchProcess } from './fault-kit.js';

/**
 * Every way a tool can fail, against one app: each call answers its documented envelope,
 * what the tool said stays in the log, nothing escapes as an unhandled rejection, and the
 * next call on the same app succeeds.
 */
const EXECUTE = '/navai/functions/execute';
const SECRET = 'db-password-hunter2';
const HANG_MS = 80;
const LATE_MS = 40;

/** Throws what it is given, whatever it is. */
const fail = (value: unknown): never => {
  throw value;
};

/** Settles after the call has timed out, by `fail` or with a value. */
const late = <T>(settle: () => T) => sleep(LATE_MS * 3).then(settle);

/** What the tools below the guards saw. */
const seen = { guardLetThrough: false, toolStarted: false };

/** A guard that breaks. */
class BrokenGuard implements CanActivate {
  canActivate(): boolean {
    throw new Error(`guard broke on ${SECRET}`);
  }
}

/** Lets an execute call through only once its client has gone away. */
class ClientLeftGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const http = context.switchToHttp();
    if (!http.getRequest<{ url: string }>().url.endsWith('/execute')) return true;
    const res = http.getResponse<EventEmitter & { raw?: EventEmitter }>();
    return new Promise((resolve) =>
      (res.raw ?? res).once('close', () => {
        seen.guardLetThrough = true;
        resolve(true);
      }),
    );
  }
}

@Injectable()
class FaultyTools {
  @NavaiTool()
  @UseGuards(BrokenGuard)
  brokenGuard() {
    return 'never';
  }

  @NavaiTool()
  @UseGuards(ClientLeftGuard)
  afterClientLeft() {
    seen.toolStarted = true;
    return 'nobody is listening';
  }

  @NavaiTool()
  healthy() {
    return { status: 'ok' };
  }

  @NavaiTool()
  throwsError() {
    throw new Error(`connection refused by ${SECRET}`);
  }

  @NavaiTool()
  async rejectsError() {
    await sleep(1);
    throw new TypeError(`Cannot read properties of undefined (reading '${SECRET}')`);
  }

  @NavaiTool()
  throwsString() {
    fail(`plain text with ${SECRET}`);
  }

  @NavaiTool()
  throwsNumber() {
    fail(42);
  }

  @NavaiTool()
  throwsNull() {
    fail(null);
  }

  @NavaiTool()
  async rejectsUndefined() {
    await sleep(1);
    fail(undefined);
  }

  @NavaiTool()
  throwsErrorLikeObject() {
    // Looks like a safe error to a careless check; it is not one.
    fail({ name: 'NavaiToolError', status: 422, message: SECRET });
  }

  @NavaiTool()
  throwsArray() {
    fail(['first', SECRET]);
  }

  @NavaiTool()
  throwsSymbol() {
    fail(Symbol('tool failure'));
  }

  @NavaiTool()
  throwsServerHttpException() {
    throw new InternalServerErrorException(`internal detail ${SECRET}`);
  }

  @NavaiTool({ timeoutMs: HANG_MS })
  hangs() {
    return new Promise(() => undefined);
  }

  @NavaiTool()
  returnsUndefined() {
    return undefined;
  }

  @NavaiTool()
  async resolvesUndefined() {
    await sleep(1);
  }

  @NavaiTool()
  returnsBigint() {
    return { total: 10n };
  }

  @NavaiTool()
  returnsCircular() {
    const order: Record<string, unknown> = { id: 'A-1' };
    order.self = { order };
    return order;
  }

  @NavaiTool()
  returnsThrowingToJson() {
    return { toJSON: () => fail(new Error(`toJSON leaked ${SECRET}`)) };
  }

  @NavaiTool({ timeoutMs: LATE_MS })
  rejectsLate() {
    return late(() => fail(new Error(`late failure ${SECRET}`)));
  }

  @NavaiTool({ timeoutMs: LATE_MS })
  rejectsLateWithString() {
    return late(() => fail(`late text ${SECRET}`));
  }

  @NavaiTool({ timeoutMs: LATE_MS })
  resolvesLateWithBigint() {
    return late(() => 10n);
  }
}

@Module({ providers: [FaultyTools] })
class FaultyToolsModule {}

let fake: FakeOpenAI;
let app: TestApp;
let watch: ReturnType<typeof watchProcess>;

beforeAll(async () => {
  watch = watchProcess();
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([
    NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl }),
    FaultyToolsModule,
  ]);
});
afterAll(async () => {
  await app.close();
  await fake.close();
  watch.stop();
});
afterEach(async () => {
  expect(watch.failures).toEqual([]);
  const next = await call('healthy');
  expect(next.status).toBe(200);
  expect(next.json).toEqual({ ok: true, function_name: 'healthy', source: 'FaultyTools#healthy', result: { status: 'ok' } });
  expect(app.logger.text).not.toContain(CANARY_KEY);
});

const call = (function_name: string) => app.request('POST', EXECUTE, { function_name });

/** Calls a tool expected to fail unexpectedly: 500, a reference, and the log line carrying it. */
async function expectHiddenFailure(name: string) {
  const res = await call(name);
  expectCleanAnswer(res);
  expect(res.status).toBe(500);
  const reference = res.json.correlation_id;
  expect(reference).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(res.json).toEqual({
    ok: false,
    function_name: name,
    code: 'EXECUTION_FAILED',
    error: 'The tool failed.',
    details: `The tool failed unexpectedly. Reference: ${reference}.`,
    correlation_id: reference,
  });
  expect(res.text).not.toContain(SECRET);
  const logged = app.logger.lines.filter((line) => line.includes(reference));
  expect(logged).toHaveLength(1);
  return logged[0];
}

describe('a tool that throws', () => {
  it.each([
    ['throws_error', `Error: connection refused by ${SECRET}`],
    ['rejects_error', `TypeError: Cannot read properties of undefined (reading '${SECRET}')`],
    ['throws_server_http_exception', `InternalServerErrorException: internal detail ${SECRET}`],
  ])('an Error (%s): 500 with a reference; the message and stack only in the log', async (name, message) => {
    const logged = await expectHiddenFailure(name);
    expect(logged).toMatch(new RegExp(`^error Tool "${name}" failed \\(reference [0-9a-f-]{36}\\) `));
    expect(logged).toContain(message);
    expect(logged).toMatch(STACK_FRAME);
  });

  it.each([
    ['throws_string', `plain text with ${SECRET}`],
    ['throws_number', '42'],
    ['throws_null', 'null'],
    ['rejects_undefined', 'undefined'],
    ['throws_error_like_object', '[object Object]'],
    ['throws_array', `first,${SECRET}`],
    ['throws_symbol', 'Symbol(tool failure)'],
  ])('a value that is not an Error (%s): 500 with a reference, the value in the log', async (name, text) => {
    const logged = await expectHiddenFailure(name);
    expect(logged).toBe(`error Tool "${name}" failed (reference ${logged.match(/[0-9a-f-]{36}/)![0]}) ${text} Navai`);
  });
});

describe('a tool guard that fails unexpectedly', () => {
  it('execute: 500 with a reference, the failure in the log', async () => {
    const logged = await expectHiddenFailure('broken_guard');
    expect(logged).toContain(`Error: guard broke on ${SECRET}`);
  });

  it('list: the tool is hidden, the others listed, the failure logged', async () => {
    const res = await app.request('GET', '/navai/functions');
    expectCleanAnswer(res);
    expect(res.status).toBe(200);
    const names = res.json.items.map((item: { name: string }) => item.name);
    expect(names).toContain('healthy');
    expect(names).toContain('after_client_left');
    expect(names).not.toContain('broken_guard');
    expect(app.logger.lines.find((line) => line.startsWith('error The guards of tool "broken_guard" failed'))).toContain(
      `guard broke on ${SECRET}`,
    );
  });
});

describe('a client that leaves before its tool starts', () => {
  it('the tool never runs', async () => {
    expect(await postAndLeave(app.url, EXECUTE, { function_name: 'after_client_left' }, 50)).toBe('AbortError');
    await expect.poll(() => seen.guardLetThrough, { timeout: 2_000 }).toBe(true);
    await sleep(20);
    expect(seen.toolStarted).toBe(false);
  });
});

describe('a tool that does not finish', () => {
  it('hangs: 504 TIMEOUT at its timeoutMs', async () => {
    const started = Date.now();
    const res = await call('hangs');
    expectCleanAnswer(res);
    expect(res.status).toBe(504);
    expect(res.json).toEqual({
      ok: false,
      function_name: 'hangs',
      code: 'TIMEOUT',
      error: 'The tool timed out.',
      details: `The tool did not finish within ${HANG_MS} ms.`,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(HANG_MS - 5);
    expect(Date.now() - started).toBeLessThan(HANG_MS + 2_000);
  });
});

describe('a tool whose result JSON cannot carry', () => {
  it.each([['returns_undefined'], ['resolves_undefined']])('%s: 200, the envelope without result', async (name) => {
    const res = await call(name);
    expectCleanAnswer(res);
    expect(res.status).toBe(200);
    const source = `FaultyTools#${name.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase())}`;
    expect(res.json).toEqual({ ok: true, function_name: name, source });
  });

  it.each([
    ['returns_bigint', 'TypeError: Do not know how to serialize a BigInt'],
    ['returns_circular', 'TypeError: Converting circular structure to JSON'],
    ['returns_throwing_to_json', `Error: toJSON leaked ${SECRET}`],
  ])('%s: 500 with a reference, the serialization error in the log', async (name, message) => {
    const logged = await expectHiddenFailure(name);
    expect(logged).toMatch(new RegExp(`^error Tool "${name}" returned a result JSON cannot carry \\(reference [0-9a-f-]{36}\\) `));
    expect(logged).toContain(message);
  });
});

describe('a tool that settles after its answer was sent', () => {
  const timedOut = (name: string) => ({
    ok: false,
    function_name: name,
    code: 'TIMEOUT',
    error: 'The tool timed out.',
    details: `The tool did not finish within ${LATE_MS} ms.`,
  });

  it.each([
    ['rejects_late', `Error: late failure ${SECRET}`],
    ['rejects_late_with_string', `late text ${SECRET}`],
  ])('%s: 504 now; the late rejection is logged, never unhandled', async (name, text) => {
    const res = await call(name);
    expectCleanAnswer(res);
    expect(res.status).toBe(504);
    expect(res.json).toEqual(timedOut(name));
    const lateLine = () => app.logger.lines.find((line) => line.startsWith(`warn Tool "${name}" failed after its call had ended`));
    await expect.poll(lateLine, { timeout: 2_000 }).toContain(text);
  });

  it('resolves_late_with_bigint: 504 now; the late result is dropped', async () => {
    const before = app.logger.lines.length;
    const res = await call('resolves_late_with_bigint');
    expect(res.status).toBe(504);
    expect(res.json).toEqual(timedOut('resolves_late_with_bigint'));
    await sleep(LATE_MS * 5);
    expect(app.logger.lines.slice(before)).toEqual([]);
  });
});
