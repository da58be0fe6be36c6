// Runs the e2e suites (both adapters) and the pack smoke test against Nest 11, in a temporary
// copy of the project whose @nestjs packages are installed at 11.
// Usage: node test/compat/nest11.mjs [extra vitest arguments]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NEST_11 = {
  '@nestjs/common': '^11.0.0',
  '@nestjs/core': '^11.0.0',
  '@nestjs/platform-express': '^11.0.0',
  '@nestjs/platform-fastify': '^11.0.0',
  '@nestjs/testing': '^11.0.0',
  '@nestjs/config': '^4.0.0',
  '@nestjs/swagger': '^11.0.0',
};
// Nest 12's CLI is only used by `npm start`.
const DROPPED = ['@nestjs/cli'];
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// What the tests need, and what the package publishes besides its build (the pack smoke test checks it).
const COPIED = ['lib', 'test', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.cjs.json', 'vitest.config.ts', '.npmrc', ...manifest.files]
  .filter((name) => name !== 'dist' && existsSync(join(root, name)));
// The scaffold smoke test brings its own Nest versions.
const SUITES = ['.e2e.spec.ts', 'test/smoke/pack.spec.ts', 'test/smoke/builds.spec.ts'];

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const dir = mkdtempSync(join(tmpdir(), 'navai-nest11-'));
process.on('SIGINT', () => {}); // the children get it too; clean up once they are gone

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args[0]} failed (${result.signal ?? `exit ${result.status}`})`);
}

try {
  for (const name of COPIED) {
    cpSync(join(root, name), join(dir, name), { recursive: true, filter: (source) => basename(source) !== 'node_modules' });
  }

  for (const name of DROPPED) delete manifest.devDependencies[name];
  Object.assign(manifest.devDependencies, NEST_11);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));

  // Every other package stays at its locked version; the @nestjs ones are resolved afresh.
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const unlocked = [...Object.keys(NEST_11), ...DROPPED];
  for (const path of Object.keys(lock.packages)) {
    if (unlocked.some((name) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))) delete lock.packages[path];
  }
  lock.packages[''].devDependencies = manifest.devDependencies;
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));

  const installing = Date.now();
  run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund']);
  console.log(`installed in ${seconds(installing)}`);

  const require = createRequire(join(dir, 'package.json'));
  for (const [name, range] of Object.entries(NEST_11)) {
    const { version } = require(`${name}/package.json`);
    console.log(`${name} ${version}`);
    if (version.split('.')[0] !== range.slice(1).split('.')[0]) throw new Error(`${name} ${version} is not ${range}`);
  }

  // The builds smoke test runs the package's own dist/ (under Nest 11 here).
  run('npm', ['run', 'build']);
  const testing = Date.now();
  run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'express', '--project', 'fastify', ...SUITES, ...process.argv.slice(2)]);
  console.log(`\nNest 11: passed (tests ${seconds(testing)}, total ${seconds(started)})`);
} catch (error) {
  console.error(`\nNest 11: ${error.message} (after ${seconds(started)})`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
