import { type CanActivate, Injectable } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSecretService, FunctionRegistry, NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';
import {
  BetaGuard,
  CountingGlobalGuard,
  RolesGuard,
  SalesGuard,
  SignedInGuard,
  StoreModule,
  TokenGuard,
  UsersModule,
} from './access.fixture.js';

const fixtures = fileURLToPath(new URL('../fixtures/access', import.meta.url));
const LIST = '/navai/functions';
const EXECUTE = '/navai/functions/execute';
const as = (user: string) => ({ authorization: `Bearer ${user}` });

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
});
afterAll(() => fake.close());

describe('per-tool guards', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(
      [
        UsersModule,
        StoreModule,
        NavaiModule.forRoot({
          apiKey: CANARY_KEY,
          baseUrl: fake.baseUrl,
          sessionTools: true,
          functionsBaseDir: fixtures,
          agentsFolders: 'sales,support',
          agentGuards: { sales: [SalesGuard] },
        }),
      ],
      { providers: [{ provide: APP_GUARD, useClass: CountingGlobalGuard }] },
    );
  });
  afterAll(() => app.close());

  const names = async (headers: Record<string, string> = {}) =>
    ((await app.request('GET', LIST, undefined, headers)).json.items as Array<{ name: string }>).map((item) => item.name);
  const call = (name: string, headers: Record<string, string> = {}, payload: object = {}) =>
    app.request('POST', EXECUTE, { function_name: name, payload }, headers);

  it('lists only the tools the caller may use', async () => {
    expect(await names()).toEqual(['opening_hours', 'open_ticket']);
    expect(await names(as('ann:admin'))).toEqual(['opening_hours', 'refund', 'sales_report', 'open_ticket']);
    expect(await names(as('max:manager'))).toEqual(['opening_hours', 'sales_report', 'payroll', 'open_ticket']);
    expect(await names(as('sam:sales'))).toEqual(['opening_hours', 'quote', 'open_ticket']);
    expect(await names({ 'x-token': 'open-sesame', 'x-beta': 'yes' })).toEqual([
      'opening_hours',
      'secret_recipe',
      'beta_feature',
      'open_ticket',
    ]);
  });

  it('answers each caller for itself, with no shared ETag, while any tool has guards', async () => {
    const anonymous = await app.request('GET', LIST);
    const admin = await app.request('GET', LIST, undefined, as('ann:admin'));
    expect(anonymous.text).not.toBe(admin.text);
    for (const res of [anonymous, admin]) expect(res.headers.get('etag') ?? '').not.toMatch(/^"[\w-]{43}"$/);
    expect(anonymous.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers 403 FORBIDDEN on execute for a tool the caller may not use, and never runs it', async () => {
    const res = await call('refund', as('max:manager'), { orderId: 'A-1' });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ ok: false, function_name: 'refund', code: 'FORBIDDEN', error: 'Forbidden.', details: 'You may not call refund.' });
  });

  it('runs it for a caller the guards let through', async () => {
    const res = await call('refund', as('ann:admin'), { orderId: 'A-1' });
    expect(res.status).toBe(200);
    expect(res.json.result).toEqual({ refunded: 'A-1', by: null });
  });

  it('honours class-level @UseGuards() and the roles on the class', async () => {
    expect((await call('payroll', as('ann:admin'))).status).toBe(403);
    expect((await call('payroll', as('max:manager'))).json.result).toBe('payroll');
  });

  it('gives guards a real ExecutionContext: the tool\'s class and handler', async () => {
    RolesGuard.seenClasses = [];
    await call('sales_report', as('max:manager'));
    await call('payroll', as('max:manager'));
    expect(RolesGuard.seenClasses).toEqual(['StoreTools', 'ManagerTools']);
  });

  it('keeps the status and message of a guard that throws', async () => {
    const res = await call('secret_recipe');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      ok: false,
      function_name: 'secret_recipe',
      code: 'FORBIDDEN',
      error: 'Forbidden.',
      details: 'A valid x-token header is required.',
    });
    expect((await call('secret_recipe', { 'x-token': 'open-sesame' })).json.result).toBe('butter');
  });

  it('resolves request-scoped guards per request, each with its own request', async () => {
    const before = BetaGuard.instances;
    expect((await call('beta_feature', { 'x-beta': 'yes' })).status).toBe(200);
    expect((await call('beta_feature', { 'x-beta': 'no' })).status).toBe(403);
    expect((await call('beta_feature', { 'x-beta': 'yes' })).status).toBe(200);
    expect(BetaGuard.instances - before).toBeGreaterThanOrEqual(3);
  });

  it('guards folder tools by agent', async () => {
    expect((await call('quote', as('ann:admin'), { sku: 'x' })).status).toBe(403);
    expect((await call('quote', as('sam:sales'), { sku: 'x' })).json.result).toEqual({ sku: 'x', price: 12 });
    expect((await call('open_ticket', {}, { topic: 'login' })).json.result).toEqual({ topic: 'login', id: 'T-1' });
  });

  it('lists only usable tools in a 404\'s available_functions', async () => {
    const res = await call('nope', as('sam:sales'));
    expect(res.status).toBe(404);
    expect(res.json.available_functions).toEqual(['opening_hours', 'quote', 'open_ticket']);
  });

  it('runs global guards once per request, not again per tool', async () => {
    CountingGlobalGuard.runs = 0;
    await app.request('GET', LIST, undefined, as('ann:admin'));
    await call('refund', as('ann:admin'), { orderId: 'A-2' });
    expect(CountingGlobalGuard.runs).toBe(2);
  });

  it('puts only the caller\'s tools into session.tools', async () => {
    await app.request('POST', '/navai/realtime/client-secret', {}, as('sam:sales'));
    expect(fake.lastBody.session.tools.map((tool: { name: string }) => tool.name)).toEqual(['opening_hours', 'quote', 'open_ticket']);
  });

  it('called from server code without a request, puts only the tools that have no guards into session.tools', async () => {
    await app.app.get(ClientSecretService).create();
    expect(fake.lastBody.session.tools.map((tool: { name: string }) => tool.name)).toEqual(['opening_hours', 'open_ticket']);
  });

  it('guards tools registered at runtime', async () => {
    @Injectable()
    class NeverGuard implements CanActivate {
      canActivate() {
        return false;
      }
    }
    const registry = app.app.get(FunctionRegistry);
    registry.register({ name: 'locked', guards: [NeverGuard], run: () => 'never' });
    registry.register({ name: 'custom_check', access: async (req) => (req as { headers: Record<string, string> }).headers['x-vip'] === '1', run: () => 'vip' });
    try {
      expect((await call('locked')).status).toBe(403);
      expect(await names()).not.toContain('locked');
      expect((await call('custom_check')).status).toBe(403);
      expect((await call('custom_check', { 'x-vip': '1' })).json.result).toBe('vip');
    } finally {
      registry.unregister('locked');
      registry.unregister('custom_check');
    }
  });
});

describe('module-level guards', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([
      UsersModule,
      StoreModule,
      NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsBaseDir: fixtures, guards: [SignedInGuard] }),
    ]);
  });
  afterAll(() => app.close());

  it('guard every route, resolved with dependency injection', async () => {
    expect((await app.request('POST', '/navai/realtime/client-secret', {})).status).toBe(403);
    expect((await app.request('GET', LIST)).status).toBe(403);
    const execute = await app.request('POST', EXECUTE, { function_name: 'opening_hours' });
    expect(execute.status).toBe(403);
    expect(execute.json).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('let signed-in callers through, and tools see the user the guard set', async () => {
    expect((await app.request('POST', '/navai/realtime/client-secret', {}, as('ann:admin'))).status).toBe(200);
    expect((await app.request('GET', LIST, undefined, as('ann:admin'))).status).toBe(200);
    const res = await app.request('POST', EXECUTE, { function_name: 'refund', payload: { orderId: 'Z' } }, as('ann:admin'));
    expect(res.json.result).toEqual({ refunded: 'Z', by: 'ann' });
  });
});

describe('a module-level guard that breaks', () => {
  class BrokenGuard implements CanActivate {
    canActivate(): boolean {
      throw new Error('session store unreachable');
    }
  }
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none', guards: [BrokenGuard] })]);
  });
  afterAll(() => app.close());

  it('answers the execute route a generic 500 in its envelope, the error only in the log', async () => {
    const res = await app.request('POST', EXECUTE, { function_name: 'opening_hours' });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ ok: false, code: 'EXECUTION_FAILED', error: 'The request failed.', details: 'The request failed.' });
    expect(res.text).not.toContain('session store unreachable');
    expect(app.logger.text).toContain('Error: session store unreachable');
  });
});

describe('client-secret guards', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([
      NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsBaseDir: fixtures, clientSecretGuards: [TokenGuard] }),
    ]);
  });
  afterAll(() => app.close());

  it('guard the mint route only', async () => {
    const refused = await app.request('POST', '/navai/realtime/client-secret', {});
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ statusCode: 401, message: 'A valid x-token header is required.', error: 'Unauthorized' });
    expect((await app.request('POST', '/navai/realtime/client-secret', {}, { 'x-token': 'open-sesame' })).status).toBe(200);
    expect((await app.request('GET', LIST)).status).toBe(200);
  });
});
