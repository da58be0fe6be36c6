// npm run bench: this module against the Express package @navai/voice-backend, bare routes and
// the limits. Each contender is its own server process on loopback; autocannon runs here.
//   NAVAI_BENCH_QUICK=1             a short check (1 s rounds); writes no report unless NAVAI_BENCH_OUT is set
//   NAVAI_BENCH_SECONDS, _ROUNDS    round length (default 3 s) and count (default and minimum 3)
//   NAVAI_BENCH_OUT=<file>          where the report goes (default BENCHMARKS.md)
//   NAVAI_BENCH_CANDIDATE=<dist/esm/index.js of another build>  measures that build beside this one
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildLibrary } from './support/build.mjs';
import { createFixtures } from './support/fixtures.mjs';
import { summarize } from './support/load.mjs';
import { CONTENDERS } from './support/processes.mjs';
import * as report from './support/report.mjs';
import { OURS, scenarios } from './support/scenarios.mjs';

const QUICK = process.env.NAVAI_BENCH_QUICK === '1';
const settings = {
  seconds: Number(process.env.NAVAI_BENCH_SECONDS ?? (QUICK ? 1 : 3)),
  warmup: QUICK ? 0.5 : 1,
  rounds: Math.max(3, Number(process.env.NAVAI_BENCH_ROUNDS ?? 3)),
  log: (line) => process.stdout.write(`${line}\n`),
};
const OUT = process.env.NAVAI_BENCH_OUT ?? (QUICK ? undefined : fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url)));

const machine = {
  node: process.version,
  cpus: os.cpus().length,
  model: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: os.totalmem() / 2 ** 30,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  date: new Date().toISOString(),
  seconds: settings.seconds,
  rounds: settings.rounds,
  warmup: settings.warmup,
};

const fmt = ({ median, min, max }, format) => `${format(median)} (${format(min)}–${format(max)})`;
const x = (value) => `${value.toFixed(2)}x`;
const pct = (value) => `${(100 * value).toFixed(1)}%`;
const msText = (value) => `${value.toFixed(2)} ms`;
const adapterName = (id) => (id.endsWith('fastify') ? 'Fastify' : 'Express');

/** Each target, from the medians of per-round figures (contenders measured side by side in each round). */
function targets({ executeGroups, clientSecretGroups, listGroups, startupRows }) {
  const list = [];
  const add = (name, summary, format, limit, holds, cpu) => list.push({ name, measured: fmt(summary, format), limit, holds: holds(summary.median), cpu });
  for (const tool of ['echo', 'wait']) {
    const group = executeGroups.find((entry) => entry.tool === tool && entry.connections === 50);
    const row = (id) => group.rows.find((entry) => entry.id === id);
    const pkg = row('express-package');
    for (const id of OURS) {
      const ours = row(id);
      const limit = id.endsWith('fastify') ? 2 : 1;
      const who = `${CONTENDERS[id].label}`;
      add(`Execute (${tool}), 50 connections: ${who} vs Express package`, ours.vsPackage, x, `>= ${limit.toFixed(1)}x`, (value) => value >= limit, `${x(ours.cpuUs.median / pkg.cpuUs.median)} the package's`);
      const bare = row(`bare-${adapterName(id).toLowerCase()}`);
      const overhead = summarize(ours.results.map((result, round) => bare.results[round].rps / result.rps - 1));
      add(`Execute (${tool}), 50 connections: ${who} overhead over a bare Nest route`, overhead, pct, '<= 10%', (value) => value <= 0.1, `${pct(ours.cpuUs.median / bare.cpuUs.median - 1)} over the bare route's`);
    }
  }
  for (const id of OURS) {
    const row = startupRows.find((entry) => entry.id === id);
    add(`Start-up, large tree: Express package's first list / ${CONTENDERS[id].label} ready + first list`, row.speedup, x, '>= 5x', (value) => value >= 5);
  }
  for (const group of listGroups.filter((entry) => entry.tools !== 10)) {
    for (const id of OURS.filter((entry) => !entry.startsWith('candidate'))) {
      const row = group.rows.find((entry) => entry.id === id);
      add(`List, ${group.tools} tools, 50 connections: ${CONTENDERS[id].label} vs Express package`, row.vsPackage, x, '>= 2.0x', (value) => value >= 2, `${x(row.cpuUs.median / group.rows.find((entry) => entry.id === 'express-package').cpuUs.median)} the package's`);
    }
  }
  const tenTools = listGroups.find((entry) => entry.tools === 10);
  for (const id of OURS.filter((entry) => entry.startsWith('candidate'))) {
    const ours = tenTools.rows.find((entry) => entry.id === id.replace('candidate', 'navai'));
    const before = tenTools.rows.find((entry) => entry.id === id);
    const ratio = summarize(ours.results.map((result, round) => result.rps / before.results[round].rps));
    add(`List, 10 tools, 50 connections: ${CONTENDERS[ours.id].label} vs ${CONTENDERS[id].label}`, ratio, x, '>= 1.0x', (value) => value >= 1, `${x(ours.cpuUs.median / before.cpuUs.median)} the candidate's`);
  }
  const serial = clientSecretGroups.find((group) => group.connections === 1);
  for (const id of OURS) {
    const row = serial.rows.find((entry) => entry.id === id);
    add(`Client secret, 1 connection: p50 added over the upstream's own, ${CONTENDERS[id].label}`, row.added, msText, '<= 1 ms', (value) => value <= 1);
  }
  return list;
}

const METHOD = `Every contender is its own Node process listening on 127.0.0.1; the load comes from autocannon
in the runner process (pipelining 1). For each scenario every contender gets a warm-up, then the contenders
take turns (A B C ... A B C ...) for the rounds. A figure is the median over the rounds with the min–max
beside it. "vs Express package" is the ratio of the two contenders' results in the same round, so a slow
moment of the shared machine hits both; the median of those per-round ratios is what a target checks.
Latencies are taken per response with sub-millisecond resolution (2xx only; a non-2xx answer or socket
error is counted and flagged). "server CPU µs/req" is the user + system time the server process used
during the round (from /proc), divided by the requests it answered: steadier than req/s on a shared
machine, and it shows what the server itself spends.

- **Express package**: \`@navai/voice-backend\` with \`express.json()\` and
  \`registerNavaiExpressRoutes(app, { backendOptions, functionsBaseDir, functionsFolders })\`; its tools are
  folder modules (\`export function echo(value) { return value }\`, \`wait\` awaits 1 ms).
- **nestjs-navai**: \`NavaiModule.forRoot()\` in a Nest app (\`NestFactory.create(AppModule)\`, or with
  \`new FastifyAdapter()\`); \`echo\` and \`wait\` are \`@NavaiTool()\` methods of a provider.
- **bare Nest route**: the same Nest app without this module; a controller answers the same JSON (for
  the list, the exact body our module answered; for the client secret, it calls the fake upstream with undici.request as
  our module does). **bare node:http**: the same with nothing but node:http, the ceiling on this machine.
- Execute body for everyone: \`{"function_name":"echo","payload":{"value":"hi"}}\` (or \`"wait"\`); every
  contender answers \`{"ok":true,"function_name":"echo","source":...,"result":"hi"}\`. Only \`source\`
  differs (\`BenchTools#echo\` here, \`src/ai/functions-modules/echo.js#echo\` for the package): see the bytes.
- List: the same folder modules (\`tool_0000.js\` ...) for both. Our items also carry \`parameters\` (the JSON
  Schema of the arguments) and so are larger: see the bytes.
- Client secret: one fake OpenAI process answers \`{"value":"ek_…","expires_at":…,"session":{…}}\` 20 ms
  after each request. Our module is pointed at it with its \`baseUrl\` option. The Express package calls
  the fixed URL \`https://api.openai.com/v1/realtime/client_secrets\`; its process is started with
  \`node --import test/bench/servers/fetch-redirect.mjs\`, which wraps \`globalThis.fetch\` so that this one
  URL goes to the fake instead; the package's code is unchanged. "Added" is a contender's p50 minus the
  p50 of the fake measured alone (with the body both send it) in the same round. The package answers
  \`{ value, expires_at, speech }\`, ours \`{ value, expires_at }\`.
- Start-up: a generated base directory with 200 tool modules in \`src/ai/functions-modules\` (10
  folders), a node_modules-like tree (100 packages, 12,000 files) and a source tree (8,000 files).
  "ready" runs from spawning the process to its listening message: Node's start, imports, Nest's
  bootstrap, tool loading. The package loads its tools on the first list or execute request and walks
  the whole base directory (its default exclude \`**/node_modules/**\` does not match a top-level
  \`node_modules\`); ours loads them before it listens and globs only below the folder token. The files
  are in the page cache (just written). Bare Nest rows: the same app without this module or tools.
- Memory: VmRSS of a fresh process after a short warm-up (list, then execute, 10 connections).`;

function markdown(results) {
  return [
    '<!-- bench:start (written by npm run bench) -->',
    '## Results',
    '',
    report.machineTable(machine),
    '',
    '### Targets',
    '',
    report.targetsTable(results.targets),
    '',
    '### Execute, echo tool (`POST /navai/functions/execute`)',
    '',
    report.executeTable(results.executeGroups.filter((group) => group.tool === 'echo')),
    '',
    '### Execute, a tool that awaits 1 ms',
    '',
    report.executeTable(results.executeGroups.filter((group) => group.tool === 'wait')),
    '',
    '### List (`GET /navai/functions`, 50 connections)',
    '',
    report.listTable(results.listGroups),
    '',
    '### Client secret (fake OpenAI answering after 20 ms)',
    '',
    report.clientSecretTable(results.clientSecretGroups),
    '',
    '### Start-up: 200 tool modules among 20,000 unrelated files',
    '',
    report.startupTable(results.startupRows),
    '',
    '### Memory',
    '',
    report.memoryTable(results.memoryGroups),
    '',
    '### Method',
    '',
    METHOD,
    '<!-- bench:end -->',
  ].join('\n');
}

/** Replaces the generated part of the report and keeps what is written around it. */
function writeReport(file, generated) {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
  const match = /<!-- bench:start[^]*<!-- bench:end -->/.exec(previous);
  writeFileSync(file, match ? previous.replace(match[0], () => generated) : `${previous.trimEnd()}\n\n${generated}\n`);
}

const build = buildLibrary();
const loadAtStart = os.loadavg()[0].toFixed(2);
settings.log(`Node ${machine.node}, ${machine.cpus} CPUs (${machine.model}), ${machine.memoryGiB.toFixed(1)} GiB, ${machine.date}`);
settings.log(`${settings.rounds} rounds of ${settings.seconds} s per scenario${QUICK ? ' (quick mode)' : ''}; load average ${loadAtStart}\n`);
const started = performance.now();
const fixtures = createFixtures();
try {
  const run = scenarios(settings);
  const results = { ...(await run.executeAndClientSecret(fixtures)), listGroups: await run.list(fixtures) };
  results.startupRows = await run.startup(fixtures);
  results.memoryGroups = await run.memory(fixtures);
  results.targets = targets(results);
  machine.load = `${loadAtStart} / ${os.loadavg()[0].toFixed(2)}`;
  const text = markdown(results);
  settings.log(`\n${text}\n`);
  settings.log(`finished in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  if (OUT) {
    writeReport(OUT, text);
    settings.log(`wrote ${OUT}`);
  }
} finally {
  fixtures.remove();
  build.remove();
}
