/// <reference lib="dom" />
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { launchChromium, openContext, screenshot } from '../support/browser.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { FakeRealtimePeer } from '../support/fake-realtime-peer.js';
import { realtimeCallsRoute } from '../support/realtime-calls.route.js';
import { StaticOrigin } from '../support/static-origin.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { PlaygroundToolsModule } from './playground.fixture.js';

const entry = fileURLToPath(new URL('./web-client/app.mjs', import.meta.url));

/** The web app, bundled as a Navai frontend would be (React, the published client, @openai/agents). */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('the published web client (@navai/voice-frontend 0.1.7) against this module', () => {
  let fake: FakeOpenAI;
  let browser: Browser;
  let app: TestApp;
  let frontend: StaticOrigin;
  let script: string;

  beforeAll(async () => {
    [fake, browser, script] = await Promise.all([FakeOpenAI.start([CANARY_KEY]), launchChromium(), bundle()]);
    frontend = await StaticOrigin.start({
      '/': { type: 'text/html', body: '<!doctype html><title>Navai web app</title><div id="root"></div><script type="module" src="/app.js"></script>' },
      '/app.js': { type: 'text/javascript', body: script },
    });
    app = await startApp(
      [PlaygroundToolsModule, NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [] })],
      {},
      undefined,
      {},
      (nest) => nest.enableCors({ origin: [frontend.url] }),
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await frontend?.close();
    await fake?.close();
  });

  it('connects through the module (secret, list) to the fake peer and relays both kinds of tool call to execute', async () => {
    const { context, problems } = await openContext(browser);
    const peer = new FakeRealtimePeer();
    const realtime: string[] = [];
    await context.route('https://api.openai.com/v1/realtime/calls**', realtimeCallsRoute(peer, fake.minted, realtime));
    const page = await context.newPage();
    await page.goto(`${frontend.url}/?api=${encodeURIComponent(app.url)}`);
    const next = peer.nextCall();
    await page.getByRole('button', { name: 'Start' }).click();
    const call = await next;
    await call.opened;
    await page.locator('#status', { hasText: 'connected' }).waitFor();
    expect(realtime).toEqual([expect.stringMatching(/^POST https:\/\/api\.openai\.com\/v1\/realtime\/calls/)]);
    expect(fake.requests.filter((request) => request.path === '/v1/realtime/client_secrets')).toHaveLength(1);

    // The client sends its agent: the Navai built-ins and a direct alias per backend tool.
    const update = await call.waitFor((event) => event.type === 'session.update' && Array.isArray(event.session?.tools));
    const names = update.session.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['navigate_to', 'execute_app_function', 'plan_trip', 'city_time']));

    const viaExecute = call.functionCall({
      name: 'execute_app_function',
      arguments: JSON.stringify({ function_name: 'plan_trip', payload: { destination: 'Lisbon', nights: 2 } }),
    });
    const planned = await call.outputFor(viaExecute);
    const direct = await app.request('POST', '/navai/functions/execute', { function_name: 'plan_trip', payload: { destination: 'Lisbon', nights: 2 } });
    // The client wraps the module's answer as its own result.
    expect(planned).toEqual({ ok: true, function_name: 'plan_trip', source: 'PlaygroundTools#planTrip', result: direct.json.result });

    const viaAlias = call.functionCall({ name: 'city_time', arguments: JSON.stringify({ payload: { city: 'Lima' } }) });
    expect((await call.outputFor(viaAlias)).result).toEqual({ city: 'Lima', time: '12:00' });

    await screenshot(page, 'web-client-connected');
    await page.getByRole('button', { name: 'Stop' }).click();
    await call.ended;
    expect(problems.offLoopback).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });
});
