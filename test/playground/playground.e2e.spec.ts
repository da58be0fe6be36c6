/// <reference lib="dom" />
// Code passed to page.evaluate() runs in the browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { launchChromium, openContext, type PageProblems, screenshot } from '../support/browser.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { FakeRealtimePeer } from '../support/fake-realtime-peer.js';
import { realtimeCallsRoute } from '../support/realtime-calls.route.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { PlaygroundToolsModule, SessionCookieGuard } from './playground.fixture.js';

const PAGE = '/navai/playground';
const adapter = process.env.NAVAI_TEST_ADAPTER === 'fastify' ? 'fastify' : 'express';

let fake: FakeOpenAI;
let browser: Browser;
beforeAll(async () => {
  [fake, browser] = await Promise.all([FakeOpenAI.start([CANARY_KEY]), launchChromium()]);
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await fake?.close();
});

const playgroundApp = (options: object = {}, extras: object = {}) =>
  startApp([
    PlaygroundToolsModule,
    NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], playground: true, ...options, ...extras }),
  ]);

/** One page per test, with what went wrong on it; every test ends by checking nothing did. */
let context: BrowserContext;
let problems: PageProblems;
async function open(app: TestApp, path = PAGE): Promise<Page> {
  ({ context, problems } = await openContext(browser));
  const page = await context.newPage();
  await page.goto(app.url + path);
  return page;
}
afterEach(async () => {
  await context?.close();
});
/** Nothing went wrong on the page; Chromium's console line for an error status the page shows is expected for `statuses`. */
const expectNoProblems = (...statuses: number[]) => {
  const expected = new RegExp(`^Failed to load resource: the server responded with a status of (${statuses.join('|')}) `);
  const consoleErrors = problems.consoleErrors.filter((line) => !(statuses.length && expected.test(line)));
  expect({ ...problems, consoleErrors }).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], offLoopback: [] });
};

// A real browser on a shared 2-core machine: one retry for a page step that stalls (seen once in
// the Nest 11 rerun on Fastify, 20 s without progress); a test that fails twice still fails.
describe('the playground page', { retry: 1 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await playgroundApp();
  });
  afterAll(() => app.close());

  it('is served with a strict CSP, no secret in it, and only when turned on', async () => {
    const page = await app.request('GET', PAGE);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${new URL(fake.baseUrl).origin}; ` +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    for (const file of ['playground.js', 'playground.css']) {
      const asset = await app.request('GET', `${PAGE}/${file}`);
      expect(asset.status).toBe(200);
      expect(asset.text).not.toContain(CANARY_KEY);
    }
    expect(page.text).not.toContain(CANARY_KEY);
    expect(page.text).not.toMatch(/ek_|sk-/);
    expect(JSON.parse(/<script type="application\/json" id="navai-settings">(.*?)<\/script>/.exec(page.text)![1])).toEqual({
      routes: { clientSecret: '/navai/realtime/client-secret', list: '/navai/functions', execute: '/navai/functions/execute', calls: '/navai/realtime/calls' },
      realtimeCallsUrl: `${fake.baseUrl}/realtime/calls`,
    });

    const off = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [] })]);
    expect((await off.request('GET', PAGE)).status).toBe(404);
    await off.close();
  });

  it('loads without console errors or failed requests, and lists what GET /navai/functions lists', async () => {
    const page = await open(app);
    await page.getByText('2 tools you may use.').waitFor();
    const listed = (await app.request('GET', '/navai/functions')).json.items as Array<{ name: string; description: string; source: string }>;
    const shown = await page.locator('article.tool').evaluateAll((nodes) =>
      nodes.map((node) => ({
        name: node.querySelector('h3')!.textContent,
        description: node.querySelector('h3 + p')!.textContent,
        source: node.querySelector('.source code')!.textContent,
      })),
    );
    expect(shown).toEqual(listed.map(({ name, description, source }) => ({ name, description, source })));
    expect(await page.locator('[data-tool="plan_trip"] .hint-badge').allTextContents()).toEqual(['readOnly', 'idempotent']);
    // Every control has a label.
    const unlabelled = await page.locator('input, select, textarea').evaluateAll((nodes) =>
      nodes.filter((node) => !(node as HTMLInputElement).labels?.length).map((node) => node.id),
    );
    expect(unlabelled).toEqual([]);
    await screenshot(page, `playground-${adapter}`);
    expectNoProblems();
  });

  it('runs a tool from its form (every kind of field) through the execute route and shows the answer', async () => {
    const page = await open(app);
    const tool = page.locator('[data-tool="plan_trip"]');
    await tool.getByLabel('destination').fill('Lisbon');
    await tool.getByLabel('nights').fill('3');
    await tool.getByLabel('budget').fill('999.5');
    await tool.getByLabel('refundable').check();
    await tool.getByLabel('cabin').selectOption('business');
    await tool.getByRole('button', { name: 'Add stops item' }).click();
    await tool.getByLabel('stops item 1').fill('Porto');
    await tool.getByLabel('name').fill('Ana');
    await tool.getByLabel('age').fill('41');
    await tool.getByLabel('notes (JSON)').fill('["window seat"]');
    const request = page.waitForRequest((candidate) => candidate.url().endsWith('/navai/functions/execute'));
    await tool.getByRole('button', { name: 'Run plan_trip' }).click();
    const sent = await request;
    expect(sent.headers()['content-type']).toBe('application/json');
    const payload = { destination: 'Lisbon', nights: 3, budget: 999.5, refundable: true, cabin: 'business', stops: ['Porto'], traveller: { name: 'Ana', age: 41 }, notes: ['window seat'] };
    expect(sent.postDataJSON()).toEqual({ function_name: 'plan_trip', payload });
    const answer = tool.getByLabel('Answer of plan_trip');
    await answer.waitFor();
    expect(JSON.parse(await answer.textContent() ?? '')).toEqual({
      ok: true,
      function_name: 'plan_trip',
      source: 'PlaygroundTools#planTrip',
      result: { destination: 'Lisbon', nights: 3, price: 750, stops: ['Porto'], echo: payload },
    });
    expect(await tool.locator('.result p').textContent()).toMatch(/^200 · \d+ ms$/);
    expectNoProblems();
  });

  it('marks the fields an INVALID_ARGUMENTS answer names, and shows a tool error envelope', async () => {
    const page = await open(app);
    const tool = page.locator('[data-tool="plan_trip"]');
    await tool.getByLabel('destination').fill('Q');
    await tool.getByLabel('nights').fill('40');
    await tool.getByRole('button', { name: 'Add stops item' }).click();
    await tool.getByLabel('stops item 1').fill('X');
    await tool.getByRole('button', { name: 'Run plan_trip' }).click();
    await tool.locator('.issue').first().waitFor();
    const answer = JSON.parse((await tool.getByLabel('Answer of plan_trip').textContent()) ?? '');
    expect(answer.code).toBe('INVALID_ARGUMENTS');
    const marked = await tool.locator('[aria-invalid="true"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-path')));
    expect(marked.sort()).toEqual(['destination', 'nights', 'stops.0']);
    expect(marked.sort()).toEqual((answer.issues as Array<{ path: string }>).map((issue) => issue.path).sort());
    await expect.poll(() => tool.getByLabel('destination').getAttribute('aria-describedby')).toBeTruthy();
    expect(await tool.locator('#tool-plan_trip--destination-issue').textContent()).toBe('must NOT have fewer than 2 characters');
    // Focus goes to the first marked field.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('destination');
    await screenshot(page, `playground-invalid-${adapter}`);

    const clock = page.locator('[data-tool="city_time"]');
    await clock.locator('#tool-city_time--city').fill('Atlantis');
    await clock.getByRole('button', { name: 'Run city_time' }).click();
    await clock.getByLabel('Answer of city_time').waitFor();
    expect(JSON.parse((await clock.getByLabel('Answer of city_time').textContent()) ?? '')).toMatchObject({ ok: false, code: 'EXECUTION_FAILED', details: expect.stringContaining('Atlantis has no clock.') });
    expectNoProblems(400, 422);
  });

  it('mints a client secret and shows its expiry, never its value', async () => {
    const page = await open(app);
    const response = page.waitForResponse((candidate) => candidate.url().endsWith('/navai/realtime/client-secret'));
    await page.getByRole('button', { name: 'Mint a client secret' }).click();
    const minted = await (await response).json();
    expect(minted.value).toMatch(/^ek_/);
    await page.getByText('Minted').waitFor();
    const shown = (await page.locator('#secret-result').textContent())!;
    expect(shown).toMatch(/^Minted ek_•+ \(27 characters\), expires at .+ \(in (599|600) s\)\.$/);
    expect(await page.content()).not.toContain(minted.value);
    expectNoProblems();
  });

  it('says in words that a secret cannot be minted, nor a call started, without a key', async () => {
    const keyless = await startApp([NavaiModule.forRoot({ baseUrl: fake.baseUrl, functionsFolders: [], playground: true, allowFrontendApiKey: false })]);
    const page = await open(keyless);
    await page.getByRole('button', { name: 'Mint a client secret' }).click();
    await page.getByText('Could not mint').waitFor();
    expect(await page.locator('#secret-result').textContent()).toMatch(/^Could not mint a client secret: 503: .*OPENAI_API_KEY/);
    // A server-side call (the default) needs the server's key; a call in relay mode needs a secret.
    expect(await page.locator('#mode-server').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Talk' }).click();
    await page.locator('#call-error').waitFor();
    expect(await page.locator('#call-error').textContent()).toMatch(/^The call could not start: 503: .*OPENAI_API_KEY/);
    await page.locator('#mode-relay').check();
    await page.getByRole('button', { name: 'Talk' }).click();
    await page.locator('#call-error').waitFor();
    expect(await page.locator('#call-error').textContent()).toMatch(/^No client secret: 503: .*OPENAI_API_KEY/);
    expectNoProblems(503);
    await keyless.close();
  });

  it('works below a global prefix', async () => {
    const prefixed = await startApp(
      [PlaygroundToolsModule, NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], playground: true })],
      {},
      'api',
    );
    const page = await open(prefixed, `/api${PAGE}`);
    await page.getByText('2 tools you may use.').waitFor();
    await page.locator('#tool-city_time--city').fill('Oslo');
    await page.getByRole('button', { name: 'Run city_time' }).click();
    await page.getByLabel('Answer of city_time').waitFor();
    expect(JSON.parse((await page.getByLabel('Answer of city_time').textContent()) ?? '').result).toEqual({ city: 'Oslo', time: '12:00' });
    expectNoProblems();
    await prefixed.close();
  });
});

describe('voice in relay mode (client secret, tools relayed by the page)', () => {
  let app: TestApp;
  let peer: FakeRealtimePeer;
  beforeAll(async () => {
    app = await playgroundApp();
    peer = new FakeRealtimePeer();
  });
  afterAll(async () => {
    await peer.close();
    await app.close();
  });

  async function talk() {
    const page = await open(app);
    await context.route(`${fake.baseUrl}/realtime/calls`, realtimeCallsRoute(peer, fake.minted));
    await page.getByText('2 tools you may use.').waitFor();
    await page.locator('#mode-relay').check();
    const next = peer.nextCall();
    await page.getByRole('button', { name: 'Talk' }).click();
    const call = await next;
    await call.opened;
    await page.getByText('Connected: this page relays the tools.').waitFor();
    return { page, call };
  }

  it('offers the listed tools, relays a function call to execute and sends the real result back over the data channel', async () => {
    const { page, call } = await talk();
    const update = await call.waitFor((event) => event.type === 'session.update');
    expect(update.session.tools.map((tool: { name: string }) => tool.name)).toEqual(['plan_trip', 'city_time']);
    const listed = (await app.request('GET', '/navai/functions')).json.items;
    expect(update.session.tools[0]).toEqual({ type: 'function', name: 'plan_trip', description: listed[0].description, parameters: listed[0].parameters });

    call.transcripts('How much are three nights in Lisbon?', 'Let me check that for you.');
    const executed = page.waitForRequest((request) => request.url().endsWith('/navai/functions/execute'));
    const callId = call.functionCall({ name: 'plan_trip', arguments: JSON.stringify({ destination: 'Lisbon', nights: 3 }) });
    expect((await executed).postDataJSON()).toEqual({ function_name: 'plan_trip', payload: { destination: 'Lisbon', nights: 3 } });
    const output = await call.outputFor(callId);
    const direct = await app.request('POST', '/navai/functions/execute', { function_name: 'plan_trip', payload: { destination: 'Lisbon', nights: 3 } });
    expect(output).toEqual(direct.json);
    expect(output.result.price).toBe(300);
    await call.waitFor((event) => event.type === 'response.create');
    expect(call.received.filter((event) => event.type === 'response.create')).toHaveLength(1);

    await page.locator('#tool-calls pre.ok').waitFor();
    expect(await page.locator('#transcript li').allTextContents()).toEqual([
      'You: How much are three nights in Lisbon?',
      'Agent: Let me check that for you.',
    ]);
    expect(await page.locator(`#tool-calls li[data-call-id="${callId}"] strong`).textContent()).toBe('plan_trip');
    expect(JSON.parse((await page.locator('#tool-calls pre.ok').textContent()) ?? '')).toEqual(output);
    expect(await page.locator('#usage').textContent()).toBe('Tokens: 120 (input 100, output 20).');
    await screenshot(page, `playground-call-relay-${adapter}`);
    // What the README shows: the first screen, during a call.
    await screenshot(page, `playground-call-relay-${adapter}-screen`, false);

    // Arguments that are not JSON are answered without running anything.
    const before = app.logger.lines.length;
    const badId = call.functionCall({ name: 'city_time', arguments: '{"city": ' });
    expect(await call.outputFor(badId)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENTS', function_name: 'city_time' });
    expect(app.logger.lines.length).toBe(before);

    await page.getByRole('button', { name: 'Hang up' }).click();
    await call.ended;
    await page.getByText('You hung up.').waitFor();
    expect(await page.getByRole('button', { name: 'Talk' }).isEnabled()).toBe(true);
    expectNoProblems();
  });

  it('shows the call as ended when the other side hangs up', async () => {
    const { page, call } = await talk();
    await call.hangup();
    await page.getByText('The call ended.').waitFor();
    expect(await page.getByRole('button', { name: 'Hang up' }).isDisabled()).toBe(true);
  });

  it('says in words when the microphone is refused, and when the Realtime service refuses the call', async () => {
    const page = await open(app);
    await page.evaluate(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await page.locator('#mode-relay').check();
    await page.getByRole('button', { name: 'Talk' }).click();
    await page.locator('#call-error').waitFor();
    expect(await page.locator('#call-error').textContent()).toBe('The microphone was refused or is missing (NotAllowedError): Permission denied');
    expect(await page.getByRole('button', { name: 'Talk' }).isEnabled()).toBe(true);

    // A secret the service does not know (the fake accepts only the ones it minted).
    const page2 = await context.newPage();
    await page2.goto(app.url + PAGE);
    await context.route(`${fake.baseUrl}/realtime/calls`, realtimeCallsRoute(peer, new Set()));
    await page2.locator('#mode-relay').check();
    await page2.getByRole('button', { name: 'Talk' }).click();
    await page2.locator('#call-error').waitFor();
    expect(await page2.locator('#call-error').textContent()).toBe('The Realtime service refused the call: 401: Incorrect API key provided.');

    // An answer the browser cannot use.
    await context.route(`${fake.baseUrl}/realtime/calls`, (route) =>
      route.fulfill({ status: 201, contentType: 'application/sdp', headers: { 'access-control-allow-origin': '*' }, body: 'v=0\r\nnot an answer\r\n' }),
    );
    await page2.getByRole('button', { name: 'Talk' }).click();
    await page2.locator('#call-error', { hasText: 'WebRTC failed' }).waitFor();
    expect(await page2.locator('#call-error').textContent()).toMatch(/^WebRTC failed: the answer could not be used \(.+\)$/);
    expect(await page2.getByRole('button', { name: 'Talk' }).isEnabled()).toBe(true);
    expectNoProblems(401);
  });
});

describe('behind guards', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await playgroundApp({}, { guards: [SessionCookieGuard] });
  });
  afterAll(() => app.close());

  it("refuses the page to a caller the module's guards refuse", async () => {
    for (const path of [PAGE, `${PAGE}/playground.js`, `${PAGE}/playground.css`]) {
      const refused = await app.request('GET', path);
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ statusCode: 403 });
    }
  });

  it('shows a guarded tool only to a caller its guards admit', async () => {
    ({ context, problems } = await openContext(browser));
    const { hostname } = new URL(app.url);
    await context.addCookies([{ name: 'session', value: 'ann', domain: hostname, path: '/' }]);
    const page = await context.newPage();
    await page.goto(app.url + PAGE);
    await page.getByText('2 tools you may use.').waitFor();
    expect(await page.locator('[data-tool="sales_report"]').count()).toBe(0);

    await context.addCookies([{ name: 'role', value: 'admin', domain: hostname, path: '/' }]);
    await page.reload();
    await page.getByText('3 tools you may use.').waitFor();
    await page.getByRole('button', { name: 'Run sales_report' }).click();
    await page.getByLabel('Answer of sales_report').waitFor();
    expect(JSON.parse((await page.getByLabel('Answer of sales_report').textContent()) ?? '').result).toEqual({ total: 4200 });
    expectNoProblems();
  });
});

describe('keyboard only', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await playgroundApp();
  });
  afterAll(() => app.close());

  /** Presses Tab until the element matching `selector` has focus; fails past `limit` presses. */
  async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
    for (let presses = 0; presses < limit; presses += 1) {
      if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`${selector} is not reachable with Tab`);
  }

  it('reaches and runs a tool, adds an array item, mints and talks without a mouse', async () => {
    const page = await open(app);
    await page.getByText('2 tools you may use.').waitFor();
    await tabTo(page, '#tool-city_time--city');
    await page.keyboard.type('Quito');
    await page.keyboard.press('Enter');
    await page.getByLabel('Answer of city_time').waitFor();
    expect(JSON.parse((await page.getByLabel('Answer of city_time').textContent()) ?? '').result.city).toBe('Quito');

    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await tabTo(page, '#tool-plan_trip--destination');
    await page.keyboard.type('Rome');
    await tabTo(page, '[data-tool="plan_trip"] button.small');
    // A new array item takes the focus.
    await page.keyboard.press('Enter');
    await page.keyboard.type('Pisa');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('stops.0');
    await tabTo(page, '[data-tool="plan_trip"] button[type="submit"]');
    await page.keyboard.press('Space');
    await page.getByLabel('Answer of plan_trip').waitFor();
    expect(JSON.parse((await page.getByLabel('Answer of plan_trip').textContent()) ?? '').result).toMatchObject({ destination: 'Rome', stops: ['Pisa'] });

    await tabTo(page, '#mint');
    await page.keyboard.press('Enter');
    await page.getByText('Minted').waitFor();

    const peer = new FakeRealtimePeer();
    await context.route(`${fake.baseUrl}/realtime/calls`, realtimeCallsRoute(peer, fake.minted));
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await tabTo(page, 'input[name="mode"]');
    // Arrow keys choose within the radio group.
    for (let presses = 0; presses < 2 && !(await page.locator('#mode-relay').isChecked()); presses += 1) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#mode-relay').isChecked()).toBe(true);
    await tabTo(page, '#talk');
    const next = peer.nextCall();
    await page.keyboard.press('Enter');
    const call = await next;
    await page.getByText('Connected: this page relays the tools.').waitFor();
    // Focus moves to Hang up once connected; Enter hangs up and focus returns to Talk.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('hangup');
    await page.keyboard.press('Enter');
    await call.ended;
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('talk');
    expectNoProblems();
    await peer.close();
  });
});
