// npm run soak: list and execute calls at 100 connections for 60 s against this module on loopback
// (Express adapter, then Fastify), with errors, latency and the server's RSS before and after.
//   NAVAI_SOAK_SECONDS=10              shorter
//   NAVAI_SOAK_ADAPTERS=express        one adapter only
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildLibrary } from '../bench/support/build.mjs';
import { createFixtures } from '../bench/support/fixtures.mjs';
import { load } from '../bench/support/load.mjs';
import { cpuMs, rssMiB, startServer } from '../bench/support/processes.mjs';
import { EXECUTE_BODY } from '../bench/servers/shared.mjs';

const SECONDS = Number(process.env.NAVAI_SOAK_SECONDS ?? 60);
const CONNECTIONS = 100;
const ADAPTERS = (process.env.NAVAI_SOAK_ADAPTERS ?? 'express,fastify').split(',').map((name) => name.trim());
const SAMPLE_EVERY_MS = Math.max(1000, (SECONDS * 1000) / 6);

/** Each connection cycles through these: the list, a synchronous tool, a tool that awaits 1 ms. */
const REQUESTS = [
  { method: 'GET', path: '/navai/functions' },
  { method: 'POST', path: '/navai/functions/execute', body: EXECUTE_BODY },
  { method: 'POST', path: '/navai/functions/execute', body: EXECUTE_BODY.replace('"echo"', '"wait"') },
];

async function soak(adapter, fixtures) {
  const server = await startServer(`navai-${adapter}`, { BENCH_BASE_DIR: fixtures.tools[10], BENCH_DECORATED: '1' });
  try {
    await sleep(1000);
    const before = rssMiB(server.pid);
    const cpuBefore = cpuMs(server.pid);
    const samples = [];
    const sampler = setInterval(() => samples.push(rssMiB(server.pid)), SAMPLE_EVERY_MS);
    const result = await load({ url: server.url, connections: CONNECTIONS, seconds: SECONDS, requests: REQUESTS });
    clearInterval(sampler);
    const after = rssMiB(server.pid);
    const cpuUs = (1000 * (cpuMs(server.pid) - cpuBefore)) / result.ok;
    await sleep(5000);
    return { adapter, ...result, cpuUs, before, after, afterIdle: rssMiB(server.pid), peak: Math.max(before, after, ...samples), samples };
  } finally {
    await server.stop();
  }
}

function describe(run) {
  const requests = run.ok + run.non2xx;
  return [
    `${run.adapter}: ${requests.toLocaleString('en-US')} responses in ${SECONDS} s (${Math.round(run.rps).toLocaleString('en-US')} 2xx/s), ` +
      `${run.non2xx} non-2xx, ${run.errors} socket errors (${run.timeouts} timeouts)`,
    `  latency of 2xx answers: p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms; server CPU ${Math.round(run.cpuUs)} µs per request`,
    `  server RSS: ${run.before.toFixed(1)} MiB before, ${run.after.toFixed(1)} MiB at the end (peak ${run.peak.toFixed(1)}), ` +
      `${run.afterIdle.toFixed(1)} MiB 5 s later; during: ${run.samples.map((mib) => mib.toFixed(0)).join(', ')} MiB`,
  ].join('\n');
}

const build = buildLibrary();
console.log(`Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${new Date().toISOString()}`);
console.log(`${CONNECTIONS} connections for ${SECONDS} s per adapter; each connection cycles list, execute echo, execute wait (1 ms)\n`);
const fixtures = createFixtures({ largeTree: false });
let failed = false;
try {
  for (const adapter of ADAPTERS) {
    const run = await soak(adapter, fixtures);
    console.log(`${describe(run)}\n`);
    failed ||= run.non2xx > 0 || run.errors > 0;
  }
} finally {
  fixtures.remove();
  build.remove();
}
if (failed) {
  console.error('soak: some requests failed');
  process.exitCode = 1;
}
