import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { watchProcess } from '../faults/fault-kit.js';
import { describeCase, fuzzCases } from './arbitraries.js';
import { GUARDED_TOOLS, ROUTES, TOOL_SOURCES, type Route } from './contract.js';
import { FuzzToolsModule, fuzzNavaiModule, STAFF_TOKEN } from './fuzz-app.js';
import { describeExchange, isPlatformParserLog, judge, type OracleContext, type Platform } from './oracle.js';
import { RawClient, type RawRequest } from './raw-http.js';

/**
 * Generated bodies, content types and headers against the three routes of one app. Every answer
 * is JSON with a status the route may answer (exactly the documented one where the body is a
 * plain JSON object), never a 5xx, never the server key; nothing pollutes Object.prototype or
 * escapes as an unhandled rejection, and the app answers normally afterwards.
 *
 * NAVAI_FUZZ_RUNS sets the number of requests over the three routes (default 10 000;
 * `npm run fuzz` sends 200 000); NAVAI_FUZZ_SEED replays a run (fast-check prints the seed and
 * the path of a failure).
 */
const TOTAL = Number(process.env.NAVAI_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.NAVAI_FUZZ_SEED ?? 20_261_127);
/** Requests in flight at once, over as many keep-alive sockets. */
const CONCURRENCY = 8;
const ORDER: Route[] = ['mint', 'list', 'execute'];
const RUNS = Math.ceil(TOTAL / ORDER.length / CONCURRENCY);
const PER_ROUTE = RUNS * CONCURRENCY;

/** Answers each route must have given in a full run: the generators reach every documented outcome. */
const EXECUTE_OUTCOMES = {
  statuses: [200, 400, 403, 404, 413, 415, 422],
  codes: ['MISSING_FUNCTION_NAME', 'INVALID_REQUEST', 'UNKNOWN_FUNCTION', 'INVALID_ARGUMENTS', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE', 'EXECUTION_FAILED'],
};
const MUST_SEE: Record<Platform, Record<Route, { statuses: number[]; codes?: string[] }>> = {
  express: {
    mint: { statuses: [200, 400, 403, 413, 415] },
    // Express parses GET bodies (400, 415) and answers If-None-Match: * with 304.
    list: { statuses: [200, 304, 400, 413, 415] },
    execute: EXECUTE_OUTCOMES,
  },
  fastify: {
    mint: { statuses: [200, 400, 403, 413, 415] },
    list: { statuses: [200, 413] },
    execute: EXECUTE_OUTCOMES,
  },
};
/** The least share of answers checked against the exact model, not only against the shapes. */
const MODELED_SHARE: Record<Route, number> = { mint: 0.3, list: 0.5, execute: 0.3 };

let fake: FakeOpenAI;
let app: TestApp;
let client: RawClient;
let context: OracleContext;
let watch: ReturnType<typeof watchProcess>;
let logStart: number;
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

const polluted = () =>
  ({} as Record<string, unknown>).polluted !== undefined || Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys.join();

const get = (path: string, headers: Record<string, string> = {}): RawRequest => ({ method: 'GET', path, headers, chunked: false });
const post = (path: string, value: unknown, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(value)),
  chunked: false,
});

beforeAll(async () => {
  watch = watchProcess();
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([fuzzNavaiModule(fake.baseUrl), FuzzToolsModule]);
  client = new RawClient(app.url, CONCURRENCY);
  const [anonymous, staff] = await Promise.all([client.send(get(ROUTES.list.path)), client.send(get(ROUTES.list.path, { authorization: STAFF_TOKEN }))]);
  context = {
    platform: app.app.getHttpAdapter().getType() as Platform,
    lists: { anonymous: JSON.parse(anonymous.text), staff: JSON.parse(staff.text) },
  };
  logStart = app.logger.lines.length;
});
afterAll(async () => {
  client.close();
  await app.close();
  await fake.close();
  watch.stop();
});

describe('fuzzed requests', () => {
  it('starts from the app the oracle describes', () => {
    const names = (list: unknown) => (list as { items: Array<{ name: string; source: string }> }).items.map(({ name, source }) => [name, source]);
    expect(names(context.lists.staff)).toEqual(Object.entries(TOOL_SOURCES));
    expect(names(context.lists.anonymous)).toEqual(Object.entries(TOOL_SOURCES).filter(([name]) => !GUARDED_TOOLS.includes(name as never)));
    expect((context.lists.anonymous as { warnings: string[] }).warnings).toEqual([]);
  });

  it.each(ORDER.map((route, index) => [route, index] as const))(
    '%s: every answer is one the contract allows',
    async (route, index) => {
      const statuses = new Map<number, number>();
      const codes = new Set<string>();
      let modeled = 0;
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fuzzCases(route), { minLength: CONCURRENCY, maxLength: CONCURRENCY }), async (cases) => {
          const answers = await Promise.all(cases.map((c) => client.send(c).catch((error: Error) => error)));
          fake.requests.length = 0;
          cases.forEach((c, at) => {
            const answer = answers[at];
            if (answer instanceof Error) throw new Error(describeExchange(c, undefined, [`no answer: ${answer.message}`]));
            const verdict = judge(c, answer, context);
            if (verdict.problems.length > 0) throw new Error(describeExchange(c, answer, verdict.problems));
            sent += 1;
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (verdict.code) codes.add(verdict.code);
            if (verdict.modeled) modeled += 1;
          });
          if (polluted()) throw new Error(`Object.prototype was polluted by one of:\n${cases.map(describeCase).join('\n')}`);
          if (watch.failures.length > 0) throw new Error(`${watch.failures[0].event}: ${String(watch.failures[0].reason)}`);
        }),
        { numRuns: RUNS, seed: SEED + index },
      );
      expect(sent).toBe(PER_ROUTE);
      // A run too short to reach every outcome checks answers only.
      const full = PER_ROUTE >= 2_000;
      const must = MUST_SEE[context.platform][route];
      expect([...statuses.keys()]).toEqual(expect.arrayContaining(full ? must.statuses : []));
      expect([...codes]).toEqual(expect.arrayContaining(full ? (must.codes ?? []) : []));
      expect(modeled / sent).toBeGreaterThanOrEqual(full ? MODELED_SHARE[route] : 0);
    },
    30_000 + PER_ROUTE * 20,
  );

  it('answers normally afterwards, with nothing polluted and nothing logged as an error', async () => {
    const minted = await client.send(post(ROUTES.mint.path, { voice: 'cedar' }));
    expect(minted.status, minted.text).toBe(200);
    expect(JSON.parse(minted.text)).toEqual({ value: expect.stringMatching(/^ek_/), expires_at: expect.any(Number), speech: { provider: 'openai' } });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);

    const listed = await client.send(get(ROUTES.list.path));
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.text)).toEqual(context.lists.anonymous);

    const echoed = await client.send(post(ROUTES.execute.path, { function_name: 'echo', payload: { after: 'the run' } }));
    expect(echoed.status).toBe(200);
    expect(JSON.parse(echoed.text)).toEqual({ ok: true, function_name: 'echo', source: TOOL_SOURCES.echo, result: { after: 'the run' } });
    const report = await client.send(post(ROUTES.execute.path, { function_name: 'staff_report' }, { authorization: STAFF_TOKEN }));
    expect(JSON.parse(report.text)).toMatchObject({ ok: true, result: { openTickets: 3 } });

    expect(polluted()).toBe(false);
    expect(watch.failures).toEqual([]);
    expect(app.logger.lines.slice(logStart).filter((line) => /^(error|fatal) /.test(line) && !isPlatformParserLog(line))).toEqual([]);
    expect(app.logger.text).not.toContain(CANARY_KEY);
  });
});
