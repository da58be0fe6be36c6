import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, NavaiTool } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

/**
 * A signed-in user (cookie auth in a module guard) visits a hostile page. Its `<form method=POST>`
 * and its `fetch(..., { mode: 'no-cors' })` are "simple" requests: the browser sends the cookie
 * and no CORS preflight stops them. The module's routes take application/json only, so none of
 * them runs a tool or mints a secret.
 */
const EXECUTE = '/navai/functions/execute';
const MINT = '/navai/realtime/client-secret';
const COOKIE = { cookie: 'session=alice' };
const JSON_REQUIRED = 'Send the request body as application/json.';

@Injectable()
class CookieAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    const { headers } = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    return headers.cookie === 'session=alice';
  }
}

@Injectable()
class AccountTools {
  static deleted: unknown[] = [];
  @NavaiTool()
  deleteAccount(payload: unknown) {
    AccountTools.deleted.push(payload);
    return 'deleted';
  }
}

@Module({ providers: [AccountTools] })
class AccountModule {}

let fake: FakeOpenAI;
let app: TestApp;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([
    AccountModule,
    NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: 'test/fixtures/none', guards: [CookieAuthGuard] }),
  ]);
});
afterAll(async () => {
  await app.close();
  await fake.close();
});

const FORMS: Array<[string, string, string]> = [
  ['a urlencoded form', 'application/x-www-form-urlencoded', 'function_name=delete_account&payload[confirm]=yes'],
  ['a multipart form', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="function_name"\r\n\r\ndelete_account\r\n--x--\r\n'],
  ['a text/plain post', 'text/plain', '{"function_name":"delete_account","payload":{"confirm":"yes"}}'],
  ['a text/plain post whose type names json', 'text/plain; x=application/json', '{"function_name":"delete_account"}'],
];

/** Fastify has no multipart parser: it answers 415 itself, before any route. */
const refusedByPlatform = (type: string) => app.platform === 'fastify' && type.startsWith('multipart/');

describe('cross-site posts', () => {
  it.each(FORMS)('execute refuses %s with 415 in its envelope, and the tool does not run', async (_, type, body) => {
    AccountTools.deleted = [];
    const res = await app.request('POST', EXECUTE, body, { ...COOKIE, 'content-type': type });
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject(
      refusedByPlatform(type) ? { statusCode: 415 } : { ok: false, code: 'INVALID_REQUEST', error: JSON_REQUIRED, details: JSON_REQUIRED },
    );
    expect(AccountTools.deleted).toEqual([]);
  });

  it.each(FORMS)('client-secret refuses %s with 415 and calls nobody', async (_, type, body) => {
    const before = fake.requests.length;
    const res = await app.request('POST', MINT, body, { ...COOKIE, 'content-type': type });
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject(
      refusedByPlatform(type) ? { statusCode: 415 } : { statusCode: 415, message: JSON_REQUIRED, error: 'Unsupported Media Type' },
    );
    expect(fake.requests.length).toBe(before);
  });

  it.each([EXECUTE, MINT])('%s refuses a POST without a body or a content type (a no-cors fetch)', async (path) => {
    const before = fake.requests.length;
    const res = await app.request('POST', path, undefined, COOKIE);
    expect(res.status).toBe(415);
    expect(fake.requests.length).toBe(before);
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])('runs the tool for %s', async (type) => {
    AccountTools.deleted = [];
    const res = await app.request('POST', EXECUTE, { function_name: 'delete_account', payload: { confirm: 'yes' } }, { ...COOKIE, 'content-type': type });
    expect(res.status).toBe(200);
    expect(AccountTools.deleted).toEqual([{ confirm: 'yes' }]);
    expect((await app.request('POST', MINT, {}, { ...COOKIE, 'content-type': type })).status).toBe(200);
  });

  it('still lists for a GET, which carries no body', async () => {
    const res = await app.request('GET', '/navai/functions', undefined, COOKIE);
    expect(res.status).toBe(200);
    expect(res.json.items.map((item: { name: string }) => item.name)).toEqual(['delete_account']);
  });
});
