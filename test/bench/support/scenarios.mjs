import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { toolName } from './fixtures.mjs';
import { load, summarize } from './load.mjs';
import { CANDIDATE, cpuMs, rssMiB, startServer, timedRequest } from './processes.mjs';
import { EXECUTE_BODY, UPSTREAM_BODY } from '../servers/shared.mjs';

export const OURS = ['navai-express', 'navai-fastify', ...(CANDIDATE ? ['candidate-express', 'candidate-fastify'] : [])];
const BARE = ['bare-express', 'bare-fastify', 'node-http'];
const ALL = ['express-package', ...OURS, ...BARE];

const LIST = { method: 'GET', path: '/navai/functions' };
/** What a browser's fetch sends: the list as a browser client gets it. */
const LIST_BROWSER = { ...LIST, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } };
const CLIENT_SECRET = { method: 'POST', path: '/navai/realtime/client-secret', body: '{}' };
const UPSTREAM = { method: 'POST', path: '/v1/realtime/client_secrets', body: UPSTREAM_BODY };
export const execute = (name) => ({ method: 'POST', path: '/navai/functions/execute', body: EXECUTE_BODY.replace('"echo"', JSON.stringify(name)) });

/** Runs the scenarios with `settings`: { seconds, warmup, rounds, quick, log }. */
export function scenarios(settings) {
  const { seconds, warmup, rounds, log } = settings;

  /** One load run, with the CPU time the server process spent per answered request. */
  async function measure(server, request, connections, duration) {
    const cpuBefore = cpuMs(server.pid);
    const result = await load({ ...request, url: server.url + request.path, connections, seconds: duration });
    return { ...result, cpuUs: (1000 * (cpuMs(server.pid) - cpuBefore)) / result.ok };
  }

  /** Warm-up, then rounds A B C ... A B C ...; each contender's figures over the rounds. */
  async function compare(servers, requestOf, connections) {
    for (const server of servers) await measure(server, requestOf(server), connections, warmup);
    const runs = new Map(servers.map((server) => [server.id, []]));
    for (let round = 0; round < rounds; round++) {
      for (const server of servers) runs.get(server.id).push(await measure(server, requestOf(server), connections, seconds));
    }
    const pkg = runs.get('express-package');
    return servers.map(({ id }) => {
      const results = runs.get(id);
      const figure = (pick) => summarize(results.map(pick));
      return {
        id,
        results,
        rps: figure((result) => result.rps),
        p50: figure((result) => result.p50),
        p99: figure((result) => result.p99),
        cpuUs: figure((result) => result.cpuUs),
        vsPackage: pkg && summarize(results.map((result, round) => result.rps / pkg[round].rps)),
        failed: results.reduce((sum, result) => sum + result.non2xx + result.errors, 0),
      };
    });
  }

  /** One request per server before measuring: each must answer 200 with the expected body. */
  async function probe(server, request, check) {
    const { status, body, bytes } = await timedRequest(server.port, request.method, request.path, request.body, request.headers);
    if (status !== 200 || !check(JSON.parse(body))) throw new Error(`${server.id} answered ${status} ${body.slice(0, 300)}`);
    return bytes;
  }

  function progress(title, rows) {
    log(`${title}: ${rows.map((row) => `${row.id} ${Math.round(row.rps.median)}/s p50 ${row.p50.median.toFixed(2)} ms`).join(', ')}`);
  }

  async function startAll(ids, envOf) {
    const servers = [];
    for (const id of ids) servers.push(await startServer(id, envOf(id)));
    return servers;
  }

  async function stopAll(servers) {
    for (const server of servers) await server.stop();
  }

  /** Execute, then client secret, on the same server processes. */
  async function executeAndClientSecret(fixtures) {
    const upstream = { ...(await startServer('upstream')), id: 'upstream' };
    const servers = await startAll(ALL, (id) => ({
      BENCH_BASE_DIR: id === 'express-package' ? fixtures.executeTools : fixtures.noFolderTools,
      BENCH_DECORATED: '1',
      BENCH_UPSTREAM: `${upstream.url}/v1`,
    }));
    try {
      const executeGroups = [];
      for (const tool of ['echo', 'wait']) {
        const bytes = new Map();
        for (const server of servers) bytes.set(server.id, await probe(server, execute(tool), (json) => json.ok && json.result === 'hi'));
        for (const connections of [1, 50, 200]) {
          const rows = await compare(servers, () => execute(tool), connections);
          for (const row of rows) row.bytes = bytes.get(row.id);
          executeGroups.push({ tool, connections, rows });
          progress(`execute ${tool}, ${connections} connections`, rows);
        }
      }

      for (const server of servers) await probe(server, CLIENT_SECRET, (json) => json.value?.startsWith('ek_'));
      const clientSecretGroups = [];
      for (const connections of [1, 50]) {
        const rows = await compare([upstream, ...servers], (server) => (server === upstream ? UPSTREAM : CLIENT_SECRET), connections);
        const own = rows[0].results;
        for (const row of rows.slice(1)) row.added = summarize(row.results.map((result, round) => result.p50 - own[round].p50));
        clientSecretGroups.push({ connections, rows });
        progress(`client secret, ${connections} connections`, rows);
      }
      return { executeGroups, clientSecretGroups };
    } finally {
      await stopAll(servers);
      await upstream.stop();
    }
  }

  /** Our Express-adapter app answers first; the bare contenders then serve its exact list body. */
  async function list(fixtures) {
    const groups = [];
    for (const tools of [10, 1000]) {
      const envOf = () => ({ BENCH_BASE_DIR: fixtures.tools[tools], BENCH_LIST_JSON: fixtures.listJson(tools) });
      const first = await startServer('navai-express', envOf());
      writeFileSync(fixtures.listJson(tools), (await timedRequest(first.port, 'GET', LIST.path)).body);
      const servers = [...(await startAll(['express-package'], envOf)), first, ...(await startAll(ALL.slice(2), envOf))];
      try {
        // With many tools, also as a browser asks for it (Accept-Encoding), which only this module uses.
        for (const [request, label] of tools === 1000 ? [[LIST, tools], [LIST_BROWSER, `${tools}, gzip accepted`]] : [[LIST, tools]]) {
          const bytes = new Map();
          for (const server of servers) bytes.set(server.id, await probe(server, request, (json) => json.items.length === tools));
          const rows = await compare(servers, () => request, 50);
          for (const row of rows) row.bytes = bytes.get(row.id);
          groups.push({ tools: label, rows });
          progress(`list, ${label} tools`, rows);
        }
      } finally {
        await stopAll(servers);
      }
    }
    return groups;
  }

  /** Fresh processes on the large tree: one lists then executes, another executes first. */
  async function startup(fixtures) {
    const ids = ['express-package', ...OURS, 'bare-express', 'bare-fastify'];
    const runs = new Map(ids.map((id) => [id, []]));
    const env = { BENCH_BASE_DIR: fixtures.largeTree };
    const call = execute(toolName(0));
    for (let round = 0; round < rounds; round++) {
      for (const id of ids) {
        const listed = await startServer(id, env);
        const firstList = await timedRequest(listed.port, 'GET', LIST.path);
        const afterList = await timedRequest(listed.port, call.method, call.path, call.body);
        await listed.stop();
        const fresh = await startServer(id, env);
        const firstExecute = await timedRequest(fresh.port, call.method, call.path, call.body);
        await fresh.stop();
        if (![firstList, afterList, firstExecute].every(({ status }) => status === 200)) throw new Error(`${id} failed on the large tree`);
        const tools = JSON.parse(firstList.body).items.length;
        if (!id.startsWith('bare') && tools !== 200) throw new Error(`${id} listed ${tools} tools, not 200`);
        runs.get(id).push({ ready: listed.readyMs, firstList: firstList.ms, afterList: afterList.ms, readyExecute: fresh.readyMs, firstExecute: firstExecute.ms, tools });
      }
    }
    const pkg = runs.get('express-package');
    const rows = ids.map((id) => {
      const results = runs.get(id);
      const figure = (pick) => summarize(results.map(pick));
      return {
        id,
        ready: figure((run) => run.ready),
        firstList: figure((run) => run.firstList),
        readyPlusList: figure((run) => run.ready + run.firstList),
        executeAfterList: figure((run) => run.afterList),
        firstExecute: figure((run) => run.firstExecute),
        readyPlusExecute: figure((run) => run.readyExecute + run.firstExecute),
        /** The Express package's first list over this contender's ready + first list, round by round. */
        speedup: summarize(results.map((run, round) => pkg[round].firstList / (run.ready + run.firstList))),
        tools: id.startsWith('bare') ? 'none (reference)' : results[0].tools,
      };
    });
    log(`start-up: ${rows.map((row) => `${row.id} ready ${row.ready.median.toFixed(0)} + first list ${row.firstList.median.toFixed(0)} ms`).join(', ')}`);
    return rows;
  }

  /** RSS of a fresh process after a short warm-up of list and execute calls. */
  async function memory(fixtures) {
    const groups = [];
    const call = execute(toolName(0));
    for (const tools of [10, 1000]) {
      const runs = new Map(ALL.map((id) => [id, []]));
      for (let round = 0; round < rounds; round++) {
        for (const id of ALL) {
          const server = await startServer(id, { BENCH_BASE_DIR: fixtures.tools[tools], BENCH_LIST_JSON: fixtures.listJson(tools) });
          await measure(server, LIST, 10, warmup / 2);
          await measure(server, call, 10, warmup / 2);
          await sleep(200);
          runs.get(id).push(rssMiB(server.pid));
          await server.stop();
        }
      }
      const rows = ALL.map((id) => ({ id, rss: summarize(runs.get(id)) }));
      groups.push({ tools, rows });
      log(`memory, ${tools} tools: ${rows.map((row) => `${row.id} ${row.rss.median.toFixed(1)} MiB`).join(', ')}`);
    }
    return groups;
  }

  return { executeAndClientSecret, list, startup, memory };
}
