/// <reference lib="dom" />
// Code passed to page.evaluate() runs in the browser.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, RealtimeCallsService } from '../../lib/index.js';
import { launchChromium, openContext, type PageProblems, screenshot } from '../support/browser.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { FakeRealtimePeer } from '../support/fake-realtime-peer.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { PlaygroundToolsModule } from './playground.fixture.js';

const PAGE = '/navai/playground';
const adapter = process.env.NAVAI_TEST_ADAPTER === 'fastify' ? 'fastify' : 'express';

describe('voice in server-side mode (the server creates the call and runs the tools)', () => {
  let fake: FakeOpenAI;
  let browser: Browser;
  let app: TestApp;
  let peer: FakeRealtimePeer;
  let context: BrowserContext;
  let problems: PageProblems;

  beforeAll(async () => {
    [fake, browser] = await Promise.all([FakeOpenAI.start([CANARY_KEY]), launchChromium()]);
    peer = new FakeRealtimePeer();
    // OpenAI's WebRTC side of a server-created call: the werift peer answers the browser's offer and
    // sees every server event the sideband sees, as both connections of one session do.
    fake.calls.answerSdp = async (offer, call) => {
      const { sdp } = await peer.answer(offer);
      const rtc = peer.calls.at(-1)!;
      call.mirror = (event) => rtc.isOpen && rtc.send(event);
      void rtc.ended.then(() => call.end());
      return sdp;
    };
    app = await startApp([
      PlaygroundToolsModule,
      NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], playground: true }),
    ]);
  }, 30_000);
  afterAll(async () => {
    await peer?.close();
    await app?.close();
    await browser?.close();
    await fake?.close();
  });
  afterEach(() => context?.close());

  it("is the default; the server runs the fake's function call and the page shows the call, its result and the transcript", async () => {
    ({ context, problems } = await openContext(browser));
    const page = await context.newPage();
    const executes: string[] = [];
    page.on('request', (request) => request.url().includes('/navai/functions/execute') && executes.push(request.url()));
    await page.goto(app.url + PAGE);
    await page.getByText('2 tools you may use.').waitFor();
    expect(await page.locator('#mode-server').isChecked()).toBe(true);

    const created = fake.calls.nextCall();
    const offered = page.waitForRequest((request) => request.url().endsWith('/navai/realtime/calls'));
    await page.getByRole('button', { name: 'Talk' }).click();
    expect((await offered).headers()['content-type']).toBe('application/sdp');
    const call = await created;
    await call.waitForConnection();
    await page.getByText('Connected: tools run on the server.').waitFor();

    call.hear('What time is it in Oslo?');
    const [callId] = call.functionCalls([{ name: 'city_time', arguments: { city: 'Oslo' } }]);
    const output = await call.waitFor((event) => event.type === 'conversation.item.create' && event.item?.call_id === callId);
    const direct = await app.request('POST', '/navai/functions/execute', { function_name: 'city_time', payload: { city: 'Oslo' } });
    expect(JSON.parse(output.item.output)).toEqual(direct.json);
    await call.waitFor((event) => event.type === 'response.create');
    call.speak('It is noon in Oslo.');

    await page.locator(`#tool-calls li[data-call-id="${callId}"] pre.ok`).waitFor();
    expect(JSON.parse((await page.locator(`#tool-calls li[data-call-id="${callId}"] pre.ok`).textContent()) ?? '')).toEqual(direct.json);
    await page.getByText('Agent: It is noon in Oslo.').waitFor();
    expect(await page.locator('#transcript li').allTextContents()).toEqual(['You: What time is it in Oslo?', 'Agent: It is noon in Oslo.']);
    expect(await page.locator('#usage').textContent()).toBe('Tokens: 170 (input 130, output 40).');
    // The page relayed nothing and changed nothing: the server owns the tools and the session.
    expect(executes).toEqual([]);
    expect(peer.calls.at(-1)!.received.filter((event) => event.type === 'session.update' || event.type === 'conversation.item.create')).toEqual([]);
    await screenshot(page, `playground-call-server-${adapter}`);
    await screenshot(page, `playground-call-server-${adapter}-screen`, false);

    const calls = app.app.get(RealtimeCallsService);
    expect(calls.list().map((live) => live.id)).toEqual([call.id]);
    await page.getByRole('button', { name: 'Hang up' }).click();
    await peer.calls.at(-1)!.ended;
    await call.waitForSidebandClosed();
    await expect.poll(() => calls.list().length, { timeout: 10_000 }).toBe(0);
    await page.getByText('You hung up.').waitFor();
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], offLoopback: [] });
  });
});
