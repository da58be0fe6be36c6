// Profiles one contender under one scenario with `node --cpu-prof` and prints where the time goes.
//   node test/bench/profile.mjs [contender] [scenario] [seconds]
//   contender: navai-express | navai-fastify | bare-express | bare-fastify | express-package | node-http
//   scenario:  echo | wait | list | client-secret | startup
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildLibrary } from './support/build.mjs';
import { formatProfile, summarizeProfile } from './support/cpu-profile.mjs';
import { createFixtures } from './support/fixtures.mjs';
import { load } from './support/load.mjs';
import { CONTENDERS, startServer, timedRequest } from './support/processes.mjs';
import { EXECUTE_BODY } from './servers/shared.mjs';

const [id = 'navai-express', scenario = 'echo', seconds = '10'] = process.argv.slice(2);
const SCENARIOS = ['echo', 'wait', 'list', 'client-secret', 'startup'];
if (!CONTENDERS[id] || !SCENARIOS.includes(scenario)) {
  console.error(`usage: profile.mjs [${Object.keys(CONTENDERS).join('|')}] [${SCENARIOS.join('|')}] [seconds]`);
  process.exit(2);
}

const build = buildLibrary();
const fixtures = createFixtures();
const profileDir = mkdtempSync(path.join(tmpdir(), 'navai-profile-'));
const upstream = scenario === 'client-secret' ? await startServer('upstream') : undefined;
try {
  const baseDir = { list: fixtures.tools[1000], startup: fixtures.largeTree }[scenario] ?? (id === 'express-package' ? fixtures.executeTools : fixtures.noFolderTools);
  const env = { BENCH_BASE_DIR: baseDir, BENCH_DECORATED: '1', ...(upstream && { BENCH_UPSTREAM: `${upstream.url}/v1` }) };
  const server = await startServer(id, env, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=100']);
  if (scenario === 'startup') {
    const list = await timedRequest(server.port, 'GET', '/navai/functions');
    console.log(`ready ${server.readyMs.toFixed(0)} ms, first list ${list.ms.toFixed(1)} ms`);
  } else {
    const request = {
      echo: { method: 'POST', path: '/navai/functions/execute', body: EXECUTE_BODY },
      wait: { method: 'POST', path: '/navai/functions/execute', body: EXECUTE_BODY.replace('"echo"', '"wait"') },
      list: { method: 'GET', path: '/navai/functions' },
      'client-secret': { method: 'POST', path: '/navai/realtime/client-secret', body: '{}' },
    }[scenario];
    const result = await load({ ...request, url: server.url + request.path, connections: 50, seconds: Number(seconds) });
    console.log(`${Math.round(result.rps)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, non-2xx ${result.non2xx}`);
  }
  await server.stop();
  const [file] = readdirSync(profileDir);
  console.log(`\n${CONTENDERS[id].label}, ${scenario}:\n${formatProfile(summarizeProfile(path.join(profileDir, file)))}`);
} finally {
  await upstream?.stop();
  rmSync(profileDir, { recursive: true, force: true });
  fixtures.remove();
  build.remove();
}
