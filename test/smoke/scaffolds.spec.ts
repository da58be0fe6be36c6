import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { installNode24 } from '../support/node-24.mjs';
import { exec, startNodeApp } from '../support/run-node.js';
import { send } from '../support/test-app.js';
import { INSTALL_TIMEOUT, NPM_FLAGS, packPackage, peerVersions } from './pack-kit.js';

// Apps made by the real `@nestjs/schematics` application schematic (11: CommonJS + Jest; 12: ESM +
// Vitest), with the packed package, a decorated tool, a .ts folder tool and a mint against the fake.
const added = fileURLToPath(new URL('scaffolds/', import.meta.url));
const RUN_TIMEOUT = 240_000;

interface Scaffold {
  schematics: string;
  options: Record<string, unknown>;
  /** Relative imports in the added files need `.js` under ESM. */
  esm: boolean;
  dependencies: Record<string, string>;
  /** Pinned over the scaffold's own range. */
  devDependencies?: Record<string, string>;
}

const SCAFFOLDS: Record<'nest11' | 'nest12', Scaffold> = {
  nest11: {
    schematics: '@nestjs/schematics@11',
    options: { name: 'nest11-app', packageManager: 'npm' },
    esm: false,
    // @nestjs/config 12 is ESM only (and admits Nest 11): a CommonJS app under Jest needs 4.
    dependencies: { '@nestjs/config': '^4.0.0' },
    // The oldest TypeScript the scaffold's range admits that once refused the import (TS1479).
    devDependencies: { typescript: '~5.7.3' },
  },
  nest12: {
    schematics: '@nestjs/schematics@12',
    options: { name: 'nest12-app', packageManager: 'npm', type: 'esm' },
    esm: true,
    dependencies: { '@nestjs/config': '^12.0.0' },
  },
};

// Only what the scripts run here need: lint and format tools are left out of the install.
const UNUSED = /^(@eslint\/|eslint|typescript-eslint|globals$|prettier$|oxlint|@nestjs\/mau$|@vitest\/coverage|ts-loader$|ts-node$|tsconfig-paths$|source-map-support$)/;

describe('apps made by the Nest schematics, with the packed package', () => {
  let work: string;
  let tarball: string;
  let fake: FakeOpenAI;
  let node24: { bin: string; version: string };
  const children: ChildProcess[] = [];
  const started = Date.now();
  const timing: Record<string, number> = {};
  const timed = async <T,>(label: string, run: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    try {
      return await run();
    } finally {
      timing[label] = Date.now() - start;
    }
  };

  beforeAll(async () => {
    fake = await FakeOpenAI.start([CANARY_KEY]);
    work = mkdtempSync(join(tmpdir(), 'navai-scaffolds-'));
    ({ tarball } = await timed('pack', () => packPackage(work)));
    node24 = await timed('node 24 install', async () => installNode24(join(work, 'node24')));
  }, INSTALL_TIMEOUT);

  afterAll(async () => {
    children.forEach((child) => child.kill());
    await fake?.close();
    // Several app installs: removed without blocking the event loop, with time for a busy disk.
    if (work) await timed('cleanup', () => rm(work, { recursive: true, force: true }));
    console.log(`scaffold smoke: ${JSON.stringify({ ...timing, total: Date.now() - started })} ms`);
  }, 180_000);

  /** Generates the app with the schematic's own factory and adds the Navai parts to it. */
  async function scaffold(name: keyof typeof SCAFFOLDS): Promise<string> {
    const spec = SCAFFOLDS[name];
    const tools = join(work, `${name}-schematics`);
    mkdirSync(tools);
    writeFileSync(join(tools, 'package.json'), JSON.stringify({ private: true }));
    await exec('npm', ['install', ...NPM_FLAGS, spec.schematics], { cwd: tools });
    const require = createRequire(join(tools, 'package.json'));
    const { SchematicTestRunner } = require('@angular-devkit/schematics/testing');
    const runner = new SchematicTestRunner('@nestjs/schematics', require.resolve('@nestjs/schematics/dist/collection.json'));
    const tree = await runner.runSchematic('application', { directory: '.', ...spec.options });
    const dir = join(work, name);
    for (const file of tree.files as string[]) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), tree.readContent(file));
    }

    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    manifest.dependencies = {
      ...manifest.dependencies,
      'nestjs-navai': `file:${tarball}`,
      ...peerVersions(['class-validator', 'class-transformer']),
      ...spec.dependencies,
    };
    manifest.devDependencies = Object.fromEntries(Object.entries(manifest.devDependencies).filter(([dep]) => !UNUSED.test(dep)));
    Object.assign(manifest.devDependencies, spec.devDependencies);
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));

    const suffix = (source: string) => (spec.esm ? source.replace(/from '(\.[^']+)'/g, "from '$1.js'") : source);
    const copy = (from: string, to: string) => writeFileSync(join(dir, to), suffix(readFileSync(join(added, from), 'utf8')));
    copy('greeter.service.ts', 'src/greeter.service.ts');
    copy('greeter.service.spec.ts', 'src/greeter.service.spec.ts');
    copy('navai.e2e-spec.ts', 'test/navai.e2e-spec.ts');
    mkdirSync(join(dir, 'src/ai/functions-modules'), { recursive: true });
    copy('echo.ts', 'src/ai/functions-modules/echo.ts');
    edit(dir, 'src/app.module.ts', [
      ["import { Module } from '@nestjs/common';", suffix("import { Module } from '@nestjs/common';\nimport { ConfigModule } from '@nestjs/config';\nimport { NavaiModule } from 'nestjs-navai';\nimport { GreeterService } from './greeter.service';")],
      ['imports: [],', 'imports: [ConfigModule.forRoot(), NavaiModule.forRoot({})],'],
      ['providers: [AppService],', 'providers: [AppService, GreeterService],'],
    ]);
    edit(dir, 'src/main.ts', [['await app.listen(process.env.PORT ?? 3000);', 'await app.listen(process.env.PORT ?? 3000);\n  console.log(`listening on ${await app.getUrl()}`);']]);
    await timed(`${name} install`, () => exec('npm', ['install', ...NPM_FLAGS], { cwd: dir, timeout: INSTALL_TIMEOUT }));
    return dir;
  }

  const env = (major: string, bin?: string): NodeJS.ProcessEnv => ({
    ...process.env,
    ...(bin && { PATH: `${bin}:${process.env.PATH}` }),
    OPENAI_API_KEY: CANARY_KEY,
    OPENAI_BASE_URL: fake.baseUrl,
    EXPECTED_NODE_MAJOR: major,
    NO_COLOR: '1',
  });
  const npmRun = (dir: string, label: string, script: string, runEnv: NodeJS.ProcessEnv) =>
    timed(label, () => exec('npm', ['run', script], { cwd: dir, env: runEnv, timeout: RUN_TIMEOUT }));

  async function serves(dir: string): Promise<void> {
    const app = await startNodeApp('dist/main.js', { cwd: dir, env: { PORT: '0', OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: fake.baseUrl }, ready: /listening on (http:\/\/\S+)/ });
    children.push(app.child);
    const list = await send(app.url, 'GET', '/navai/functions');
    expect(list.json.items.map((item: { name: string; source: string }) => `${item.name} ${item.source}`)).toEqual([
      'greet GreeterService#greet',
      'echo dist/ai/functions-modules/echo.js#echo',
    ]);
    const echo = await send(app.url, 'POST', '/navai/functions/execute', { function_name: 'echo', payload: { value: 1 } });
    expect(echo.json).toMatchObject({ ok: true, result: { echoed: 1 } });
    const before = fake.requests.length;
    const minted = await send(app.url, 'POST', '/navai/realtime/client-secret', {});
    expect(minted.status).toBe(200);
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(app.output()).not.toContain(CANARY_KEY);
    app.child.kill();
  }

  /** Jest and Vitest print their summary on stderr; the counts prove the suites ran. */
  const passed = (result: { stdout: string; stderr: string }) => /Tests:?\s+(\d+) passed/.exec(`${result.stdout}${result.stderr}`)?.[1];

  describe('Nest 11: CommonJS, Jest 30 and ts-jest, TypeScript 5.7, @nestjs/config 4', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await scaffold('nest11');
    }, INSTALL_TIMEOUT);

    it('builds with nest build and serves the routes with node dist/main.js', async () => {
      const tsVersion = createRequire(join(dir, 'package.json'))('typescript/package.json').version;
      expect(tsVersion).toMatch(/^5\.7\./);
      await npmRun(dir, 'nest11 build', 'build', env('20'));
      expect(readFileSync(join(dir, 'dist/main.js'), 'utf8')).toContain('require("./app.module")');
      await serves(dir);
    }, RUN_TIMEOUT);

    it.each([
      ['20', undefined],
      ['24', 'node24'],
    ])('passes its unit specs and test:e2e on Node %s, with the scripts as generated', async (major, node) => {
      const runEnv = env(major, node && node24.bin);
      const before = fake.requests.length;
      const unit = await npmRun(dir, `nest11 test node ${major}`, 'test', runEnv);
      expect(passed(unit)).toBe('3');
      const e2e = await npmRun(dir, `nest11 test:e2e node ${major}`, 'test:e2e', runEnv);
      expect(passed(e2e)).toBe('5');
      expect(fake.requests.length).toBe(before + 1);
    }, RUN_TIMEOUT);
  });

  describe('Nest 12: ES modules and Vitest', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await scaffold('nest12');
      // Vitest leaves node_modules to Node, whose import() cannot load a .ts folder tool: inline the package.
      edit(dir, 'vitest.config.e2e.ts', [['globals: true,', "globals: true,\n    server: { deps: { inline: ['nestjs-navai'] } },"]]);
    }, INSTALL_TIMEOUT);

    it('builds with nest build and serves the routes with node dist/main.js', async () => {
      await npmRun(dir, 'nest12 build', 'build', env('20'));
      expect(readFileSync(join(dir, 'dist/main.js'), 'utf8')).toContain("from './app.module.js'");
      await serves(dir);
    }, RUN_TIMEOUT);

    it('passes its unit specs and test:e2e', async () => {
      const runEnv = env('20');
      const unit = await npmRun(dir, 'nest12 test', 'test', runEnv);
      expect(passed(unit)).toBe('3');
      const e2e = await npmRun(dir, 'nest12 test:e2e', 'test:e2e', runEnv);
      expect(passed(e2e)).toBe('5');
    }, RUN_TIMEOUT);
  });
});

function edit(dir: string, file: string, replacements: [string, string][]): void {
  let text = readFileSync(join(dir, file), 'utf8');
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`${file} as generated has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  writeFileSync(join(dir, file), text);
}
