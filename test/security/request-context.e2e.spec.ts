import { type CanActivate, Controller, Get, Global, Inject, Injectable, Module, Scope, UseGuards } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, NavaiTool } from '../../lib/index.js';
import { startApp, type TestApp } from '../support/test-app.js';

/**
 * One dependency-injection context per HTTP request: a request-scoped guard that sets the tenant
 * on a request-scoped context object, and the tool that reads it, share that object, as a plain
 * Nest route and its guard do. Otherwise a tool filtering by tenant sees none, and may fail open.
 */
type Req = { headers: Record<string, string | undefined> };

@Injectable({ scope: Scope.REQUEST })
class RequestCtx {
  static made = 0;
  readonly ctxId = ++RequestCtx.made;
  tenant: string | null = null;
}

@Global()
@Module({ providers: [RequestCtx], exports: [RequestCtx] })
class RequestCtxModule {}

@Injectable({ scope: Scope.REQUEST })
class TenantGuard implements CanActivate {
  constructor(
    private readonly ctx: RequestCtx,
    @Inject(REQUEST) private readonly req: Req,
  ) {}
  canActivate() {
    this.ctx.tenant = this.req.headers['x-tenant'] ?? null;
    return true;
  }
}

/** A second guard on the same tool: it must see what the first one set. */
@Injectable({ scope: Scope.REQUEST })
class TenantRequiredGuard implements CanActivate {
  constructor(private readonly ctx: RequestCtx) {}
  canActivate() {
    return this.ctx.tenant !== null;
  }
}

@Injectable({ scope: Scope.REQUEST })
class TenantTools {
  constructor(private readonly ctx: RequestCtx) {}

  @UseGuards(TenantGuard, TenantRequiredGuard)
  @NavaiTool()
  whoAmI() {
    return { ctxId: this.ctx.ctxId, tenant: this.ctx.tenant };
  }
}

@Controller('plain')
class PlainController {
  constructor(private readonly ctx: RequestCtx) {}
  @Get()
  @UseGuards(TenantGuard)
  whoAmI() {
    return { ctxId: this.ctx.ctxId, tenant: this.ctx.tenant };
  }
}

@Module({ providers: [TenantTools, TenantGuard, TenantRequiredGuard], controllers: [PlainController] })
class TenantModule {}

const call = (app: TestApp, tenant: string) =>
  app.request('POST', '/navai/functions/execute', { function_name: 'who_am_i' }, { 'x-tenant': tenant });

describe('the tool and its guards share one request context', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([RequestCtxModule, TenantModule, NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none' })]);
  });
  afterAll(() => app.close());

  it('as a plain Nest route and its guard do', async () => {
    const res = await app.request('GET', '/plain', undefined, { 'x-tenant': 'acme' });
    expect(res.json).toEqual({ ctxId: expect.any(Number), tenant: 'acme' });
  });

  it('the tool sees the tenant its guard set, in the same context object', async () => {
    const res = await call(app, 'acme');
    expect(res.status).toBe(200);
    expect(res.json.result).toEqual({ ctxId: expect.any(Number), tenant: 'acme' });
  });

  it('each request gets its own context', async () => {
    const [first, second] = await Promise.all([call(app, 'acme'), call(app, 'globex')]);
    expect(first.json.result.tenant).toBe('acme');
    expect(second.json.result.tenant).toBe('globex');
    expect(first.json.result.ctxId).not.toBe(second.json.result.ctxId);
  });
});

describe('with a request-scoped module guard too', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([RequestCtxModule, TenantModule, NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none', guards: [TenantGuard] })]);
  });
  afterAll(() => app.close());

  it('the module guard, the tool guards and the tool share one context', async () => {
    const before = RequestCtx.made;
    const res = await call(app, 'initech');
    expect(res.json.result).toEqual({ ctxId: expect.any(Number), tenant: 'initech' });
    expect(RequestCtx.made - before).toBe(1);
  });
});
