// The calls benchmark (part of npm run bench): server-side calls of this module, on Express.
//   (a) a tool call's round trip on the sideband (the fake sends the call → its output arrives)
//       against the same tool through POST /navai/functions/execute from a loopback client
//       (the relay a browser makes), interleaved in rounds;
//   (b) NAVAI_BENCH_CALLS concurrent calls (default 1000) in one server process, each making one
//       tool call per second for NAVAI_BENCH_CALLS_SECONDS (default 30): round trips, errors, RSS.
//   NAVAI_BENCH_CALLS_ROUNDS (default 5), NAVAI_BENCH_CALLS_SAMPLES (per side and round, default 500)
//   NAVAI_BENCH_OUT=<file> where the report goes (default BENCHMARKS.md); NAVAI_BENCH_QUICK=1 writes none.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { buildLibrary } from './support/build.mjs';
import { median, percentile } from './support/load.mjs';
import { cpuMs, rssMiB, startServer } from './support/processes.mjs';
import { OFFER, startFakeRealtime } from './servers/fake-realtime.mjs';

const QUICK = process.env.NAVAI_BENCH_QUICK === '1';
const ROUNDS = Number(process.env.NAVAI_BENCH_CALLS_ROUNDS ?? (QUICK ? 2 : 5));
const SAMPLES = Number(process.env.NAVAI_BENCH_CALLS_SAMPLES ?? (QUICK ? 100 : 500));
const CALLS = Number(process.env.NAVAI_BENCH_CALLS ?? (QUICK ? 100 : 1000));
const SECONDS = Number(process.env.NAVAI_BENCH_CALLS_SECONDS ?? (QUICK ? 5 : 30));
const OUT = process.env.NAVAI_BENCH_OUT ?? (QUICK ? undefined : fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url)));
const log = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value) => `${value.toFixed(3)} ms`;

async function createCalls(pool, fake, count, concurrency = 16) {
  const ids = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const { statusCode, headers, body } = await pool.request({ path: '/navai/realtime/calls', method: 'POST', headers: { 'content-type': 'application/sdp' }, body: OFFER });
      await body.text();
      if (statusCode === 201) ids.push(headers['x-navai-call-id']);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { calls: ids.map((id) => fake.calls.get(id)), failures };
}

async function relay(pool, value) {
  const started = performance.now();
  const { statusCode, body } = await pool.request({
    path: '/navai/functions/execute',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ function_name: 'echo', payload: { value } }),
  });
  const envelope = await body.json();
  return { ms: performance.now() - started, ok: statusCode === 200 && envelope.ok === true };
}

const stats = (values) => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), n: sorted.length };
};

/** (a) One call, one tool call at a time, sideband and HTTP relay in turns. */
async function roundTrips() {
  const fake = await startFakeRealtime();
  const server = await startServer('navai-express', { BENCH_UPSTREAM: fake.baseUrl, BENCH_DECORATED: '1' });
  const pool = new Pool(server.url, { connections: 4 });
  try {
    const { calls: [call] } = await createCalls(pool, fake, 1, 1);
    await waitFor(() => call.socket?.readyState === 1);
    for (let i = 0; i < 300; i++) {
      await call.toolCall(`warm-${i}`);
      await relay(pool, `warm-${i}`);
    }
    const rounds = [];
    let errors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const sideband = [];
      const http = [];
      for (let i = 0; i < SAMPLES; i++) {
        const a = await call.toolCall(`v${i}`);
        if (a.error || a.envelope?.ok !== true) errors++;
        sideband.push(a.ms);
        const b = await relay(pool, `v${i}`);
        if (!b.ok) errors++;
        http.push(b.ms);
      }
      const row = { sideband: stats(sideband), http: stats(http) };
      rounds.push(row);
      log(`  round ${round + 1}: sideband p50 ${ms(row.sideband.p50)} p99 ${ms(row.sideband.p99)} | HTTP relay p50 ${ms(row.http.p50)} p99 ${ms(row.http.p99)}`);
    }
    const pick = (side, key) => median(rounds.map((row) => row[side][key]));
    return {
      sideband: { p50: pick('sideband', 'p50'), p99: pick('sideband', 'p99') },
      http: { p50: pick('http', 'p50'), p99: pick('http', 'p99') },
      ratio: median(rounds.map((row) => row.sideband.p50 / row.http.p50)),
      errors,
    };
  } finally {
    await pool.close();
    await server.stop();
    await fake.close();
  }
}

/** (b) CALLS calls held at once, one tool call per call per second. */
async function concurrentCalls() {
  const fake = await startFakeRealtime();
  const server = await startServer('navai-express', { BENCH_UPSTREAM: fake.baseUrl, BENCH_DECORATED: '1', BENCH_MAX_CALLS: String(CALLS + 100) }, ['--expose-gc']);
  const pool = new Pool(server.url, { connections: 16 });
  try {
    // Warm the paths, then end those calls (a clean close by "OpenAI"), then take the baseline.
    const warm = await createCalls(pool, fake, 20, 4);
    await waitFor(() => warm.calls.every((call) => call.socket?.readyState === 1));
    for (const call of warm.calls) await call.toolCall('warm');
    for (const call of warm.calls) call.socket.close(1000);
    await sleep(1000);
    await server.gc();
    const rssBefore = rssMiB(server.pid);
    const createStarted = performance.now();
    const { calls, failures } = await createCalls(pool, fake, CALLS);
    const createSeconds = (performance.now() - createStarted) / 1000;
    await waitFor(() => calls.every((call) => call.socket?.readyState === 1), 60_000);
    log(`  ${calls.length} calls created in ${createSeconds.toFixed(1)} s (${failures} failed); RSS ${rssBefore.toFixed(1)} → ${rssMiB(server.pid).toFixed(1)} MiB`);
    const trips = [];
    let errors = failures;
    const cpuBefore = cpuMs(server.pid);
    const started = performance.now();
    const timers = [];
    const inFlight = new Set();
    calls.forEach((call, index) => {
      timers.push(
        setTimeout(() => {
          const tick = () => {
            if (performance.now() - started >= SECONDS * 1000) return;
            const trip = call.toolCall(`c${index}`).then((result) => {
              inFlight.delete(trip);
              if (result.error || result.envelope?.ok !== true) errors++;
              else trips.push(result.ms);
            });
            inFlight.add(trip);
          };
          tick();
          timers.push(setInterval(tick, 1000));
        }, (index * 1000) / calls.length),
      );
    });
    await sleep(SECONDS * 1000);
    timers.forEach((timer) => clearInterval(timer));
    await Promise.all(inFlight);
    const cpu = cpuMs(server.pid) - cpuBefore;
    await server.gc();
    const rssHeld = rssMiB(server.pid);
    const open = calls.filter((call) => call.socket?.readyState === 1 && !call.closed).length;
    const { p50, p99, n } = stats(trips);
    return {
      calls: calls.length,
      open,
      toolCalls: n,
      errors,
      p50,
      p99,
      rssBefore,
      rssHeld,
      perCallKiB: ((rssHeld - rssBefore) * 1024) / calls.length,
      cpuShare: cpu / (SECONDS * 1000),
    };
  } finally {
    await pool.close();
    await server.stop();
    await fake.close();
  }
}

async function waitFor(check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the benchmark setup timed out');
    await sleep(10);
  }
}

function markdown(machine, a, b) {
  return [
    '<!-- calls-bench:start -->',
    '## Server-side calls',
    '',
    `Node ${machine.node}, ${machine.cpus} CPUs (${machine.model}), ${machine.date}; load average ${machine.load}.`,
    'The server is this module on Express in its own process; the fake OpenAI (calls, sidebands, the',
    'load) runs in the runner process on loopback (`test/bench/servers/fake-realtime.mjs`).',
    '',
    `### Tool round trip: sideband vs HTTP relay (${ROUNDS} rounds × ${SAMPLES} calls each, one at a time, in turns)`,
    '',
    '| path | p50 | p99 |',
    '|---|---|---|',
    `| sideband: fake sends \`response.function_call_arguments.done\` → \`function_call_output\` arrives | ${ms(a.sideband.p50)} | ${ms(a.sideband.p99)} |`,
    `| HTTP relay: \`POST /navai/functions/execute\` from a keep-alive loopback client | ${ms(a.http.p50)} | ${ms(a.http.p99)} |`,
    '',
    `Median of the per-round p50 ratios, sideband / relay: **${a.ratio.toFixed(2)}** (target <= 1.00: ${a.ratio <= 1 ? 'holds' : 'missed'}); ${a.errors} errors. Figures are medians over the rounds. The relay figure is only the browser → server leg; a browser relaying a tool call also waits for its data channel to OpenAI both ways, which the sideband removes.`,
    '',
    `### ${b.calls} concurrent calls, one tool call per call per second for ${SECONDS} s`,
    '',
    '| calls held | tool calls | errors | round trip p50 | p99 | RSS before → held | RSS per call | server CPU |',
    '|---|---|---|---|---|---|---|---|',
    `| ${b.open} / ${b.calls} | ${b.toolCalls} | ${b.errors} | ${ms(b.p50)} | ${ms(b.p99)} | ${b.rssBefore.toFixed(1)} → ${b.rssHeld.toFixed(1)} MiB | ${b.perCallKiB.toFixed(1)} KiB | ${(100 * b.cpuShare).toFixed(1)}% of a core |`,
    '',
    `Targets: ${b.calls} calls held with 0 errors (${b.errors === 0 && b.open === b.calls ? 'holds' : 'missed'}); under 100 KiB RSS per call (${b.perCallKiB < 100 ? 'holds' : 'missed'}). RSS per call is (RSS with every call live − RSS after a warm-up of 20 calls that ended) / calls, each read after a full collection (--expose-gc).`,
    '<!-- calls-bench:end -->',
  ].join('\n');
}

const build = buildLibrary();
const machine = { node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', date: new Date().toISOString() };
const loadAtStart = os.loadavg()[0].toFixed(2);
try {
  log(`Calls benchmark: (a) ${ROUNDS} rounds × ${SAMPLES} tool calls per side`);
  const a = await roundTrips();
  log(`  sideband p50 ${ms(a.sideband.p50)} p99 ${ms(a.sideband.p99)}; HTTP relay p50 ${ms(a.http.p50)} p99 ${ms(a.http.p99)}; ratio ${a.ratio.toFixed(2)}; ${a.errors} errors`);
  log(`(b) ${CALLS} concurrent calls, one tool call per call per second for ${SECONDS} s`);
  const b = await concurrentCalls();
  log(`  held ${b.open}/${b.calls}; ${b.toolCalls} tool calls, ${b.errors} errors; p50 ${ms(b.p50)} p99 ${ms(b.p99)}; RSS ${b.rssBefore.toFixed(1)} → ${b.rssHeld.toFixed(1)} MiB (${b.perCallKiB.toFixed(1)} KiB per call); CPU ${(100 * b.cpuShare).toFixed(1)}%`);
  machine.load = `${loadAtStart} / ${os.loadavg()[0].toFixed(2)}`;
  if (OUT) {
    const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '# Benchmarks\n';
    const text = markdown(machine, a, b);
    const match = /<!-- calls-bench:start[^]*<!-- calls-bench:end -->/.exec(previous);
    writeFileSync(OUT, match ? previous.replace(match[0], () => text) : `${previous.trimEnd()}\n\n${text}\n`);
    log(`written to ${OUT}`);
  }
} finally {
  build.remove();
}
