import { createHmac } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NavaiModule, type NavaiModuleOptions, SafetyIdentifierService } from '../../lib/index.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { CapturingLogger, startApp, type TestApp } from '../support/test-app.js';

const KEY = 'sk-safety-test';
const SECRET = 'a-key-of-at-least-thirty-two-characters';
const PATH = '/navai/realtime/client-secret';
const EMAIL = 'ann@example.com';

/** Signs users in from `x-user` (`id:email`), as an auth guard would set `req.user`. */
@Injectable()
class SignInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: unknown }>();
    const [id, email] = (req.headers['x-user'] ?? '').split(':');
    if (id) req.user = { id: /^\d+$/.test(id) ? Number(id) : id, email };
    return true;
  }
}

const hmac = (id: string, secret = SECRET) => createHmac('sha256', secret).update(id).digest('hex');

let fake: FakeOpenAI;
const apps: TestApp[] = [];
beforeAll(async () => {
  fake = await FakeOpenAI.start([KEY]);
});
afterAll(() => fake.close());
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(options: NavaiModuleOptions) {
  const app = await startApp([NavaiModule.forRoot({ apiKey: KEY, baseUrl: fake.baseUrl, ...options })], {
    providers: [{ provide: APP_GUARD, useClass: SignInGuard }],
  });
  apps.push(app);
  return app;
}

/** Mints as `user` and answers the header OpenAI received (undefined: none). */
async function identifierSentFor(app: TestApp, user?: string): Promise<string | undefined> {
  const before = fake.requests.length;
  const res = await app.request('POST', PATH, {}, user ? { 'x-user': user } : {});
  expect(res.status, res.text).toBe(200);
  expect(fake.requests.length).toBe(before + 1);
  return fake.requests.at(-1)!.headers['openai-safety-identifier'] as string | undefined;
}

describe('OpenAI-Safety-Identifier on client-secret mints', () => {
  it('is not sent by default, even for a signed-in user', async () => {
    const app = await start({ safetyIdentifierSecret: SECRET });
    expect(await identifierSentFor(app, `u-1:${EMAIL}`)).toBeUndefined();
  });

  it('sends HMAC-SHA256 of req.user.id under the key, as 64 hex characters, never the id or email', async () => {
    const app = await start({ safetyIdentifier: true, safetyIdentifierSecret: SECRET });
    const sent = await identifierSentFor(app, `u-1:${EMAIL}`);
    expect(sent).toBe(hmac('u-1'));
    expect(sent).toMatch(/^[0-9a-f]{64}$/);
    const request = fake.requests.at(-1)!;
    const everything = JSON.stringify([request.headers, request.body]);
    expect(everything).not.toContain(EMAIL);
    expect(everything).not.toContain('u-1');
  });

  it('is stable per user, differs between users and keys, and is absent without a user', async () => {
    const app = await start({ safetyIdentifier: true, safetyIdentifierSecret: SECRET });
    const first = await identifierSentFor(app, 'u-1:a@example.com');
    expect(await identifierSentFor(app, 'u-1:b@example.com')).toBe(first);
    expect(await identifierSentFor(app, 'u-2:a@example.com')).not.toBe(first);
    expect(await identifierSentFor(app, '42')).toBe(hmac('42'));
    expect(await identifierSentFor(app)).toBeUndefined();
    const otherKey = await start({ safetyIdentifier: true, safetyIdentifierSecret: `${SECRET}-rotated` });
    expect(await identifierSentFor(otherKey, 'u-1:a@example.com')).toBe(hmac('u-1', `${SECRET}-rotated`));
  });

  it('takes the user from a function of the request, sync or async', async () => {
    const sync = await start({ safetyIdentifierSecret: SECRET, safetyIdentifier: (req: any) => req.headers['x-session'] });
    const res = await sync.request('POST', PATH, {}, { 'x-session': 'guest-session-7' });
    expect(res.status).toBe(200);
    expect(fake.requests.at(-1)!.headers['openai-safety-identifier']).toBe(hmac('guest-session-7'));
    const async = await start({ safetyIdentifierSecret: SECRET, safetyIdentifier: async (req: any) => req.user?.email });
    expect(await identifierSentFor(async, `u-9:${EMAIL}`)).toBe(hmac(EMAIL));
  });

  it('reads NAVAI_SAFETY_IDENTIFIER and NAVAI_SAFETY_IDENTIFIER_SECRET from the environment', async () => {
    vi.stubEnv('NAVAI_SAFETY_IDENTIFIER', 'true');
    vi.stubEnv('NAVAI_SAFETY_IDENTIFIER_SECRET', SECRET);
    const app = await start({});
    expect(await identifierSentFor(app, 'u-3')).toBe(hmac('u-3'));
  });

  it('answers a JSON 500 and calls nobody when the source gives something that is not an id', async () => {
    const app = await start({ safetyIdentifierSecret: SECRET, safetyIdentifier: (req: any) => req.user });
    const before = fake.requests.length;
    const res = await app.request('POST', PATH, {}, { 'x-user': 'u-1' });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect(fake.requests.length).toBe(before);
    expect(app.logger.text).toContain('must be a string or a number');
  });

  it('the fake refuses what OpenAI refuses: an identifier longer than 64 characters', async () => {
    const res = await fetch(`${fake.baseUrl}/realtime/client_secrets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'openai-safety-identifier': 'x'.repeat(65) },
      body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('maximum length 64');
  });
});

describe('SafetyIdentifierService, for other requests to OpenAI', () => {
  it('gives the same header for a request', async () => {
    const module = await Test.createTestingModule({
      imports: [NavaiModule.forRoot({ safetyIdentifier: true, safetyIdentifierSecret: SECRET })],
    })
      .setLogger(new CapturingLogger())
      .compile();
    const service = module.get(SafetyIdentifierService);
    expect(await service.headersFor({ user: { sub: 'auth0|77' } })).toEqual({ 'OpenAI-Safety-Identifier': hmac('auth0|77') });
    expect(await service.headersFor({ user: 'plain-id' })).toEqual({ 'OpenAI-Safety-Identifier': hmac('plain-id') });
    expect(await service.headersFor({ user: { userId: 5, id: null } })).toEqual({ 'OpenAI-Safety-Identifier': hmac('5') });
    expect(await service.headersFor({})).toEqual({});
    expect(await service.headersFor(undefined)).toEqual({});
    await module.close();
  });
});

describe('configuration', () => {
  const compile = async (options: NavaiModuleOptions) => {
    const module = await Test.createTestingModule({ imports: [NavaiModule.forRoot(options)] })
      .setLogger(new CapturingLogger())
      .compile();
    await module.close();
  };

  it('stops startup when it is on without a key', async () => {
    await expect(compile({ safetyIdentifier: true })).rejects.toThrow(
      'safetyIdentifier is on, but there is no key to hash user ids with: set safetyIdentifierSecret or NAVAI_SAFETY_IDENTIFIER_SECRET (at least 32 characters).',
    );
  });

  it('stops startup on a short key, without showing it', async () => {
    const error = await compile({ safetyIdentifier: true, safetyIdentifierSecret: 'hunter2-short' }).catch((caught: Error) => caught);
    expect(String(error)).toContain('Invalid safetyIdentifierSecret: it has 13 characters. Expected at least 32.');
    expect(String(error)).not.toContain('hunter2');
    vi.stubEnv('NAVAI_SAFETY_IDENTIFIER_SECRET', 'hunter2-short');
    await expect(compile({})).rejects.toThrow('Invalid NAVAI_SAFETY_IDENTIFIER_SECRET: it has 13 characters.');
  });

  it('stops startup on a switch that is neither a boolean nor a function', async () => {
    vi.stubEnv('NAVAI_SAFETY_IDENTIFIER', 'yes');
    await expect(compile({})).rejects.toThrow('Invalid NAVAI_SAFETY_IDENTIFIER: "yes". Expected "true" or "false".');
    await expect(compile({ safetyIdentifier: 7 as never })).rejects.toThrow(
      'Invalid safetyIdentifier: number. Expected true, false or a function of the request.',
    );
  });
});
