/// <reference lib="dom" />
// A Navai frontend on another origin (a dev server, a deployed SPA): what Nest's enableCors with an allow-list lets in.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { launchChromium } from '../support/browser.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { StaticOrigin } from '../support/static-origin.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { PlaygroundToolsModule } from './playground.fixture.js';

/** What a frontend does against the module: list, execute (JSON, so preflighted), mint. */
function useTheModule(page: Page, api: string) {
  return page.evaluate(async (base) => {
    const attempt = async (path: string, init?: RequestInit) => {
      try {
        const response = await fetch(base + path, init);
        return { status: response.status, body: await response.json(), exposed: response.headers.get('x-navai-call-id') ?? null };
      } catch (error) {
        return { error: (error as Error).name };
      }
    };
    const json = { 'content-type': 'application/json' };
    return {
      list: await attempt('/navai/functions'),
      execute: await attempt('/navai/functions/execute', { method: 'POST', headers: json, body: JSON.stringify({ function_name: 'city_time', payload: { city: 'Bogotá' } }) }),
      mint: await attempt('/navai/realtime/client-secret', { method: 'POST', headers: json, body: '{}' }),
    };
  }, api);
}

describe('a frontend on another loopback origin', () => {
  let fake: FakeOpenAI;
  let browser: Browser;
  let allowed: StaticOrigin;
  let other: StaticOrigin;
  let app: TestApp;
  const blank = { '/': { type: 'text/html', body: '<!doctype html><title>frontend</title>' } };

  beforeAll(async () => {
    [fake, browser, allowed, other] = await Promise.all([FakeOpenAI.start([CANARY_KEY]), launchChromium(), StaticOrigin.start(blank), StaticOrigin.start(blank)]);
    app = await startApp(
      [PlaygroundToolsModule, NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [] })],
      {},
      undefined,
      {},
      // As the README shows it: an allow-list, and the calls route's headers made readable.
      (nest) => nest.enableCors({ origin: [allowed.url], exposedHeaders: ['Location', 'X-Navai-Call-Id'] }),
    );
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await Promise.all([allowed?.close(), other?.close(), fake?.close()]);
  });

  it('lets an allowed origin list, execute and mint, and refuses another origin', async () => {
    // A context with no request routes: Playwright's interception answers CORS preflights itself,
    // which would let a refused origin's POST through to the server.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(allowed.url + '/');
    const ok = await useTheModule(page, app.url);
    expect(ok.list).toMatchObject({ status: 200, body: { items: [{ name: 'plan_trip' }, { name: 'city_time' }] } });
    expect(ok.execute).toMatchObject({ status: 200, body: { ok: true, result: { city: 'Bogotá', time: '12:00' } } });
    expect(ok.mint).toMatchObject({ status: 200, body: { value: expect.stringMatching(/^ek_/) } });

    const executions = fake.requests.length;
    await page.goto(other.url + '/');
    const refused = await useTheModule(page, app.url);
    expect(refused).toEqual({ list: { error: 'TypeError' }, execute: { error: 'TypeError' }, mint: { error: 'TypeError' } });
    // The preflight stopped the JSON POSTs before they ran: nothing was minted for the other origin.
    expect(fake.requests.length).toBe(executions);
    await context.close();
  });

  it('answers a client that sends no Origin (a phone app) as before, and names the readable headers', async () => {
    const res = await app.request('GET', '/navai/functions');
    expect(res.status).toBe(200);
    const preflight = await fetch(app.url + '/navai/functions/execute', {
      method: 'OPTIONS',
      headers: { origin: allowed.url, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed.url);
    const simple = await fetch(app.url + '/navai/functions', { headers: { origin: allowed.url } });
    expect(simple.headers.get('access-control-expose-headers')?.toLowerCase().split(/,\s*/)).toEqual(['location', 'x-navai-call-id']);
  });
});
