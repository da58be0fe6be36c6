// Runs the e2e suites (both adapters) and the package smoke tests on Node 24, installed from the
// registry into a temporary folder; every `node` the tests start is that one too.
// Usage: node test/compat/node24.mjs [extra vitest arguments]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installNode24 } from '../support/node-24.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The scaffold smoke test runs its apps on Node 24 itself.
const SUITES = ['.e2e.spec.ts', 'test/smoke/pack.spec.ts', 'test/smoke/builds.spec.ts'];

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const dir = mkdtempSync(join(tmpdir(), 'navai-node24-'));
process.on('SIGINT', () => {}); // the children get it too; clean up once they are gone

try {
  const { bin, version } = installNode24(dir);
  console.log(`Node ${version} installed in ${seconds(started)}`);
  const testing = Date.now();
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'express', '--project', 'fastify', ...SUITES, ...process.argv.slice(2)];
  console.log(`\n$ node ${args.join(' ')}`);
  const result = spawnSync(join(bin, 'node'), args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
  });
  if (result.status !== 0) throw new Error(`vitest failed (${result.signal ?? `exit ${result.status}`})`);
  console.log(`\nNode 24: passed (tests ${seconds(testing)}, total ${seconds(started)})`);
} catch (error) {
  console.error(`\nNode 24: ${error.message} (after ${seconds(started)})`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
