import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { type FakeCall, sampleOffer } from '../support/fake-realtime-calls.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { CallTools, CallToolsModule, SignInGuard } from './calls.fixture.js';

const CALLS = '/navai/realtime/calls';

let fake: FakeOpenAI;
let app: TestApp;
let tools: CallTools;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([
    CallToolsModule,
    NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsFolders: [], guards: [SignInGuard], maxConcurrentToolCalls: 3 }),
  ]);
  tools = app.app.get(CallTools);
});
afterAll(async () => {
  await app.close();
  await fake.close();
});

async function openCall(user?: string): Promise<FakeCall> {
  const response = await app.request('POST', CALLS, sampleOffer(), { 'content-type': 'application/sdp', ...(user && { 'x-user': user }) });
  expect(response.status).toBe(201);
  const call = fake.calls.get(response.headers.get('x-navai-call-id')!);
  await call.waitForConnection();
  return call;
}

const outputOf = async (call: FakeCall, callId: string) => {
  const event = await call.waitFor((e) => e.type === 'conversation.item.create' && e.item?.call_id === callId);
  expect(event.item.type).toBe('function_call_output');
  return JSON.parse(event.item.output);
};
const responseCreates = (call: FakeCall) => call.received.filter((event) => event.type === 'response.create');
const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));

describe('tools on the sideband', () => {
  it('runs a function call through the executor and answers the envelope the execute route answers, then one response.create', async () => {
    const call = await openCall('ann');
    const [id] = call.functionCalls([{ name: 'get_weather', arguments: { city: 'Lima' } }]);
    const output = await outputOf(call, id);
    const http = await app.request('POST', '/navai/functions/execute', { function_name: 'get_weather', payload: { city: 'Lima' } });
    expect(output).toEqual(http.json);
    expect(output).toMatchObject({ ok: true, function_name: 'get_weather', result: { city: 'Lima', celsius: 21 } });
    await call.waitFor((event) => event.type === 'response.create');
    await settle();
    expect(responseCreates(call)).toHaveLength(1);
    // The fake answers an output for an unknown call_id with an error event: none came.
    expect(call.received.findIndex((e) => e.type === 'conversation.item.create')).toBeLessThan(call.received.findIndex((e) => e.type === 'response.create'));
  });

  it("gives the tool the creating request's user and the call", async () => {
    const call = await openCall('ann');
    const [id] = call.functionCalls([{ name: 'whoami', arguments: '{}' }]);
    const output = await outputOf(call, id);
    expect(output.result).toEqual({ user: { name: 'ann' }, call: { id: call.id, kind: 'webrtc' } });
  });

  it('answers several calls of one response, then sends a single response.create', async () => {
    const call = await openCall('admin');
    const ids = call.functionCalls([
      { name: 'get_weather', arguments: { city: 'Oslo' } },
      { name: 'whoami', arguments: {} },
      { name: 'admin_report', arguments: {} },
    ]);
    const outputs = await Promise.all(ids.map((id) => outputOf(call, id)));
    expect(outputs.map((output) => output.ok)).toEqual([true, true, true]);
    await call.waitFor((event) => event.type === 'response.create');
    await settle();
    expect(responseCreates(call)).toHaveLength(1);
    const creates = call.received.filter((e) => e.type === 'conversation.item.create');
    expect(creates).toHaveLength(3);
  });

  it('runs each call_id once, though three events tell of it', async () => {
    const call = await openCall();
    const before = tools.runs.length;
    const [id] = call.functionCalls([{ name: 'whoami', arguments: {} }]);
    await outputOf(call, id);
    await settle();
    expect(tools.runs.length - before).toBe(1);
    expect(call.received.filter((e) => e.item?.call_id === id)).toHaveLength(1);
  });

  it('answers arguments that are not a JSON object as INVALID_ARGUMENTS, without running the tool', async () => {
    const call = await openCall();
    const before = tools.runs.length;
    const ids = call.functionCalls([
      { name: 'whoami', arguments: '{"city": ' },
      { name: 'whoami', arguments: '[1, 2]' },
    ]);
    for (const id of ids) expect(await outputOf(call, id)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENTS' });
    expect(tools.runs.length).toBe(before);
  });

  it('answers invalid arguments, unknown tools and a time-out as the execute route does', async () => {
    const call = await openCall();
    const [invalid, unknown, slow] = call.functionCalls([
      { name: 'get_weather', arguments: { city: 12 } },
      { name: 'drop_tables', arguments: {} },
      { name: 'too_slow', arguments: {} },
    ]);
    expect(await outputOf(call, invalid)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENTS', function_name: 'get_weather' });
    const unknownOutput = await outputOf(call, unknown);
    expect(unknownOutput).toMatchObject({ ok: false, code: 'UNKNOWN_FUNCTION' });
    expect(unknownOutput.available_functions).not.toContain('admin_report');
    expect(await outputOf(call, slow)).toMatchObject({ ok: false, code: 'TIMEOUT' });
  });

  it('neither offers nor runs a tool the caller may not use, even when the model names it', async () => {
    const call = await openCall('ann');
    expect((call.session!.tools as Array<{ name: string }>).map((tool) => tool.name)).not.toContain('admin_report');
    const before = tools.runs.filter((run) => run.tool === 'admin_report').length;
    const [id] = call.functionCalls([{ name: 'admin_report', arguments: {} }]);
    expect(await outputOf(call, id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(tools.runs.filter((run) => run.tool === 'admin_report').length).toBe(before);
  });

  it('bounds the tools one call runs at once: past the limit, ok:false RATE_LIMITED answers', async () => {
    const call = await openCall();
    const ids = call.functionCalls(Array.from({ length: 4 }, () => ({ name: 'wait_forever', arguments: {} })));
    expect(await outputOf(call, ids[3])).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    await app.app.get((await import('../../lib/index.js')).RealtimeCallsService).hangUp(call.id);
  });

  it('aborts a tool still running when the call ends, and drops its late result', async () => {
    const call = await openCall();
    const [id] = call.functionCalls([{ name: 'wait_forever', arguments: {} }]);
    await settle(50);
    call.end(); // OpenAI ends the call: a clean close of the sideband
    await waitUntil(() => tools.aborted.includes(call.id));
    await settle();
    expect(call.received.some((event) => event.item?.call_id === id)).toBe(false);
  });

  it('never throws on malformed, unknown or out-of-order events', async () => {
    const call = await openCall();
    call.sendRaw('not json');
    call.sendRaw('[1,2]');
    call.sendRaw('{"type": 42}');
    call.send({ type: 'response.done' });
    call.send({ type: 'response.done', response: { output: 'nope', usage: { total_tokens: 'many' } } });
    call.send({ type: 'response.output_item.done', item: null });
    call.send({ type: 'response.function_call_arguments.done', call_id: null });
    call.send({ type: 'something.new', payload: { deep: true } });
    call.send({ type: 'error', error: null });
    // response.done before the arguments event of the same call: it still runs once.
    call.send({ type: 'response.created', response: { id: 'resp_x' } });
    call.send({ type: 'response.done', response: { id: 'resp_x', output: [{ type: 'function_call', call_id: 'call_ooo', name: 'whoami', arguments: '{}' }] } });
    call.send({ type: 'response.function_call_arguments.done', response_id: 'resp_x', call_id: 'call_ooo', name: 'whoami', arguments: '{}' });
    expect(await outputOf(call, 'call_ooo')).toMatchObject({ ok: true });
    await call.waitFor((event) => event.type === 'response.create');
    expect(app.logger.text).toMatch(/not a JSON event/);
    const [id] = call.functionCalls([{ name: 'whoami', arguments: {} }]);
    expect(await outputOf(call, id)).toMatchObject({ ok: true });
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
