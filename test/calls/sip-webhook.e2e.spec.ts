import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IncomingCall, NAVAI_WEBHOOK_ROUTE, NavaiModule, type NavaiModuleRootOptions, RealtimeCallsService } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import type { FakeCall } from '../support/fake-realtime-calls.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { CallToolsModule } from './calls.fixture.js';

const WEBHOOK = '/navai/realtime/webhook';
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
});
afterAll(() => fake.close());

/** An app-wide sign-in that refuses everyone, except routes marked as the Navai webhook. */
@Injectable()
class AppWideAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    return this.reflector.get(NAVAI_WEBHOOK_ROUTE, context.getHandler()) === true;
  }
}

async function sipApp(options: NavaiModuleRootOptions = {}, rawBody = true): Promise<TestApp> {
  return startApp(
    [CallToolsModule, NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], webhookSecret: SECRET, ...options })],
    { providers: [{ provide: APP_GUARD, useClass: AppWideAuthGuard }] },
    undefined,
    { rawBody },
  );
}

const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitUntil(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await settle(20);
  }
}

describe('POST /navai/realtime/webhook', () => {
  let app: TestApp;
  const incoming: IncomingCall[] = [];
  beforeAll(async () => {
    app = await sipApp({
      greeting: 'Greet the caller.',
      onIncomingCall: (call) => {
        incoming.push(call);
        const from = call.sipHeaders.find((header) => header.name === 'From')?.value ?? '';
        if (from.includes('+1666')) return { action: 'reject', statusCode: 403 };
        if (from.includes('+1777')) return { action: 'refer', targetUri: 'tel:+14155550123' };
        if (from.includes('+1888')) return { action: 'accept', session: { voice: 'cedar', language: 'French' }, greeting: null };
        if (from.includes('+1999')) throw new Error('the hook broke');
        return { action: 'accept' };
      },
    });
  });
  afterAll(() => app.close());
  const deliver = (call: FakeCall, from = 'sip:+14255550100@example.com', sign = {}) =>
    fake.calls.deliverIncoming(app.url + WEBHOOK, SECRET, call, [{ name: 'From', value: from }, { name: 'To', value: 'sip:+18005550199@sip.api.openai.com' }], sign);

  it('accepts a signed incoming call with the session and only the tools no guard holds back, opens its sideband and greets', async () => {
    const call = fake.calls.ring();
    const response = await deliver(call);
    expect(response.status).toBe(200);
    await call.waitForConnection();
    expect(incoming.at(-1)).toEqual({ callId: call.id, sipHeaders: [{ name: 'From', value: 'sip:+14255550100@example.com' }, { name: 'To', value: 'sip:+18005550199@sip.api.openai.com' }] });
    expect(call.controls[0].action).toBe('accept');
    expect(call.session).toMatchObject({ type: 'realtime', model: 'gpt-realtime', audio: { output: { voice: 'marin' } } });
    const tools = (call.session!.tools as Array<{ name: string }>).map((tool) => tool.name);
    expect(tools).toContain('get_weather');
    expect(tools).not.toContain('admin_report');
    const greeting = await call.waitFor((event) => event.type === 'response.create');
    expect(greeting.response).toEqual({ instructions: 'Greet the caller.' });
    const service = app.app.get(RealtimeCallsService);
    expect(service.get(call.id)).toMatchObject({ id: call.id, kind: 'sip' });

    const [id] = call.functionCalls([{ name: 'whoami', arguments: {} }]);
    const output = await call.waitFor((event) => event.item?.call_id === id);
    expect(JSON.parse(output.item.output).result).toEqual({ user: null, call: { id: call.id, kind: 'sip' } });
    const [guarded] = call.functionCalls([{ name: 'admin_report', arguments: {} }]);
    const refused = await call.waitFor((event) => event.item?.call_id === guarded);
    expect(JSON.parse(refused.item.output)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await service.hangUp(call.id);
  });

  it("accepts with the hook's overrides; rejects and refers as it decides; rejects with 500 when it throws", async () => {
    const custom = fake.calls.ring();
    await deliver(custom, 'sip:+18885550100@example.com');
    await custom.waitForConnection();
    expect(custom.session!.audio.output.voice).toBe('cedar');
    expect(custom.session!.instructions).toMatch(/Always reply in French\./);
    await settle();
    expect(custom.received.some((event) => event.type === 'response.create')).toBe(false);

    const rejected = fake.calls.ring();
    await deliver(rejected, 'sip:+16665550100@example.com');
    await waitUntil(() => rejected.controls.length > 0);
    expect(rejected.controls).toEqual([{ action: 'reject', body: { status_code: 403 } }]);

    const referred = fake.calls.ring();
    await deliver(referred, 'sip:+17775550100@example.com');
    await waitUntil(() => referred.controls.length > 0);
    expect(referred.controls).toEqual([{ action: 'refer', body: { target_uri: 'tel:+14155550123' } }]);

    const broken = fake.calls.ring();
    await deliver(broken, 'sip:+19995550100@example.com');
    await waitUntil(() => broken.controls.length > 0);
    expect(broken.controls).toEqual([{ action: 'reject', body: { status_code: 500 } }]);
    expect(app.logger.text).toMatch(/the hook broke/);
  });

  it('refuses a wrong secret, a missing signature and an old timestamp with 401, doing nothing', async () => {
    const call = fake.calls.ring();
    const wrong = await fake.calls.deliverIncoming(app.url + WEBHOOK, `whsec_${randomBytes(24).toString('base64')}`, call);
    const unsigned = await deliver(call, undefined, { omitSignature: true });
    const old = await deliver(call, undefined, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const future = await deliver(call, undefined, { timestamp: Math.floor(Date.now() / 1000) + 301 });
    for (const response of [wrong, unsigned, old, future]) {
      expect(response.status).toBe(401);
      expect(JSON.parse(response.text).message).toBe('Invalid webhook signature.');
    }
    await settle();
    expect(call.controls).toEqual([]);
  });

  it('acknowledges a repeated webhook-id with 200 and acts once', async () => {
    const call = fake.calls.ring();
    const first = await deliver(call, undefined, { webhookId: 'wh_repeat_1' });
    const again = await deliver(call, undefined, { webhookId: 'wh_repeat_1' });
    expect([first.status, again.status]).toEqual([200, 200]);
    await call.waitForConnection();
    await settle();
    expect(call.controls.filter((control) => control.action === 'accept')).toHaveLength(1);
    await app.app.get(RealtimeCallsService).hangUp(call.id);
  });

  it('rejects a SIP call with 486 past maxConcurrentCalls', async () => {
    const busyApp = await sipApp({ maxConcurrentCalls: 1 });
    const first = fake.calls.ring();
    await fake.calls.deliverIncoming(busyApp.url + WEBHOOK, SECRET, first);
    await first.waitForConnection();
    const second = fake.calls.ring();
    await fake.calls.deliverIncoming(busyApp.url + WEBHOOK, SECRET, second);
    await waitUntil(() => second.controls.length > 0);
    expect(second.controls).toEqual([{ action: 'reject', body: { status_code: 486 } }]);
    await busyApp.close();
  });
});

describe('webhook configuration', () => {
  it('answers 404 without a webhook secret', async () => {
    const app = await sipApp({ webhookSecret: undefined });
    const response = await fake.calls.deliverIncoming(app.url + WEBHOOK, SECRET, fake.calls.ring());
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text).message).toMatch(/OPENAI_WEBHOOK_SECRET/);
    await app.close();
  });

  it('fails with a clear message, not a 401, when the app has no raw body', async () => {
    const app = await sipApp({}, false);
    const response = await fake.calls.deliverIncoming(app.url + WEBHOOK, SECRET, fake.calls.ring());
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text).message).toMatch(/rawBody: true/);
    expect(app.logger.text).toMatch(/rawBody: true/);
    await app.close();
  });

  it('takes the secret from OPENAI_WEBHOOK_SECRET and mounts at webhookPath', async () => {
    process.env.OPENAI_WEBHOOK_SECRET = SECRET;
    try {
      const app = await startApp(
        [NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], webhookPath: '/hooks/openai' })],
        {},
        undefined,
        { rawBody: true },
      );
      const call = fake.calls.ring();
      expect((await fake.calls.deliverIncoming(app.url + '/hooks/openai', SECRET, call)).status).toBe(200);
      await call.waitForConnection();
      await app.close();
    } finally {
      delete process.env.OPENAI_WEBHOOK_SECRET;
    }
  });

  it('refuses an invalid secret at startup, naming the setting', async () => {
    await expect(sipApp({ webhookSecret: 'not a secret!' })).rejects.toThrow(/Invalid webhookSecret/);
  });
});
