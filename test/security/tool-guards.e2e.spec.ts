import { type CanActivate, Controller, type ExecutionContext, Get, HttpException, Injectable, Module, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isToolListing, NavaiModule, NavaiTool } from '../../lib/index.js';
import { startApp, type TestApp } from '../support/test-app.js';

const LIST = '/navai/functions';
const EXECUTE = '/navai/functions/execute';
const throttled = fileURLToPath(new URL('../fixtures/security/throttled', import.meta.url));
const FOLDER_TOOLS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

@Injectable()
class QuotaTools {
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 2, ttl: 60_000 } })
  @NavaiTool()
  quota() {
    return 'ok';
  }
}

@Module({ providers: [QuotaTools] })
class QuotaModule {}

const names = async (app: TestApp) => ((await app.request('GET', LIST)).json.items as Array<{ name: string }>).map((item) => item.name);
const call = (app: TestApp, name: string) => app.request('POST', EXECUTE, { function_name: name });

describe('ThrottlerGuard as a tool guard: each tool has its own handler, so its own quota', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([
      ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: 3 }], skipIf: isToolListing }),
      QuotaModule,
      NavaiModule.forRoot({ functionsBaseDir: throttled, folderToolGuards: [ThrottlerGuard] }),
    ]);
  });
  afterAll(() => app.close());

  it('lists every tool, however often, without using a quota', async () => {
    for (let i = 0; i < 4; i += 1) expect(await names(app)).toEqual(['quota', ...FOLDER_TOOLS]);
    // A 404 lists the tools the caller may use too.
    for (let i = 0; i < 4; i += 1) expect((await call(app, 'nothing_here')).json.available_functions).toEqual(['quota', ...FOLDER_TOOLS]);
  });

  it('counts the calls of one folder tool apart from the others', async () => {
    for (let i = 0; i < 3; i += 1) expect((await call(app, 'alpha')).status).toBe(200);
    const limited = await call(app, 'alpha');
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      ok: false,
      function_name: 'alpha',
      code: 'RATE_LIMITED',
      error: 'Too many calls.',
      details: 'ThrottlerException: Too Many Requests',
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(app, 'bravo')).status).toBe(200);
  });

  it("keeps a decorated tool's own @Throttle quota for calls", async () => {
    expect((await call(app, 'quota')).status).toBe(200);
    expect((await call(app, 'quota')).status).toBe(200);
    expect((await call(app, 'quota')).status).toBe(429);
  });
});

describe('ThrottlerGuard without skipIf', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([
      ThrottlerModule.forRoot([{ ttl: 60_000, limit: 3 }]),
      NavaiModule.forRoot({ functionsBaseDir: throttled, folderToolGuards: [ThrottlerGuard] }),
    ]);
  });
  afterAll(() => app.close());

  it('still keys each folder tool apart: the first list shows all five', async () => {
    expect(await names(app)).toEqual(FOLDER_TOOLS);
    expect((await call(app, 'echo')).status).toBe(200);
  });
});

type Req = { headers: Record<string, string | undefined> };

/** Throws an HttpException with the status the request names. */
@Injectable()
class StatusGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    const status = context.switchToHttp().getRequest<Req>().headers['x-throw-status'];
    if (status === undefined) return true;
    throw new HttpException('Sign in at /login.', Number(status));
  }
}

/** What `getNext()` gives a guard: a plain route's, and a tool's. */
@Injectable()
class NextProbeGuard implements CanActivate {
  static seen: Record<string, string> = {};
  canActivate(context: ExecutionContext) {
    NextProbeGuard.seen[context.getClass().name] = typeof context.switchToHttp().getNext();
    return true;
  }
}

@Injectable()
class GuardedTools {
  @UseGuards(StatusGuard)
  @NavaiTool()
  statusGuarded() {
    return 'ran';
  }

  @UseGuards(NextProbeGuard)
  @NavaiTool()
  probed() {
    return 'ran';
  }
}

@Controller('plain')
class PlainController {
  @Get()
  @UseGuards(NextProbeGuard)
  get() {
    return 'ran';
  }
}

@Module({ providers: [GuardedTools, StatusGuard, NextProbeGuard], controllers: [PlainController] })
class GuardedModule {}

describe("a guard's HttpException", () => {
  let app: TestApp;
  let moduleGuarded: TestApp;
  beforeAll(async () => {
    app = await startApp([GuardedModule, NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none' })]);
    moduleGuarded = await startApp([GuardedModule, NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none', guards: [StatusGuard] })]);
  });
  afterAll(async () => {
    await app.close();
    await moduleGuarded.close();
  });

  const throwing = (target: TestApp, status: number, name = 'status_guarded') =>
    target.request('POST', EXECUTE, { function_name: name }, { 'x-throw-status': String(status) });

  it.each([401, 404, 429])('passes a 4xx on: %i', async (status) => {
    const res = await throwing(app, status);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ ok: false, function_name: 'status_guarded', details: 'Sign in at /login.' });
    expect(res.json.code).toBe(status === 429 ? 'RATE_LIMITED' : 'FORBIDDEN');
  });

  it.each([302, 200, 204, 100])('answers a status under 400 (%i) as a refusal: 403 FORBIDDEN', async (status) => {
    const res = await throwing(app, status);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      ok: false,
      function_name: 'status_guarded',
      code: 'FORBIDDEN',
      error: 'Forbidden.',
      details: 'You may not call status_guarded.',
    });
  });

  it.each([0, 99, 503, 600])('answers an invalid or 5xx status (%i) with the 500 envelope', async (status) => {
    const res = await throwing(app, status);
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      ok: false,
      function_name: 'status_guarded',
      code: 'EXECUTION_FAILED',
      error: 'The tool failed.',
      details: expect.stringMatching(/^The tool failed unexpectedly\. Reference: [0-9a-f-]{36}\.$/),
      correlation_id: expect.any(String),
    });
  });

  it.each([302, 200, 204])('answers a module guard\'s %i as 403 in the envelope', async (status) => {
    const res = await throwing(moduleGuarded, status, 'probed');
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ ok: false, code: 'FORBIDDEN', error: 'Forbidden.', details: 'Forbidden.' });
  });

  it.each([0, 99])('answers a module guard\'s invalid status %i with the 500 envelope', async (status) => {
    const res = await throwing(moduleGuarded, status, 'probed');
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ ok: false, code: 'EXECUTION_FAILED', error: 'The request failed.', details: 'The request failed.' });
  });

  it('gives a tool guard the getNext() a route guard gets on this platform', async () => {
    await app.request('GET', '/plain');
    await app.request('POST', EXECUTE, { function_name: 'probed' });
    expect(NextProbeGuard.seen.PlainController).toBe(app.platform === 'express' ? 'function' : 'undefined');
    expect(NextProbeGuard.seen.GuardedTools).toBe(NextProbeGuard.seen.PlainController);
  });
});
