import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { exec, startNodeApp } from '../support/run-node.js';
import { send } from '../support/test-app.js';
import { INSTALL_TIMEOUT, manifest, NPM_FLAGS, packPackage, peerVersions, root } from './pack-kit.js';

const apps = fileURLToPath(new URL('apps', import.meta.url));
const PEERS = [
  '@nestjs/common', '@nestjs/core', '@nestjs/platform-express',
  'reflect-metadata', 'rxjs', 'class-validator', 'class-transformer',
];

describe('the package as npm publishes it', () => {
  let work: string;
  let tarball: string;
  let packed: string[];
  let fake: FakeOpenAI;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fake = await FakeOpenAI.start([CANARY_KEY]);
    work = mkdtempSync(join(tmpdir(), 'navai-pack-'));
    ({ tarball, files: packed } = await packPackage(work));
  }, INSTALL_TIMEOUT);

  // Removing the two installed apps can take longer than the default 10 s on a loaded machine.
  afterAll(async () => {
    children.forEach((child) => child.kill());
    await fake?.close();
    if (work) await rm(work, { recursive: true, force: true });
  }, INSTALL_TIMEOUT);

  it('holds the build and the documents, and nothing else', () => {
    const dist = packed.filter((path) => path.startsWith('dist/'));
    // The playground's page, script and style sheet, shipped as they are for both builds.
    const assets = readdirSync(join(root, 'lib/playground/assets')).map((file) => `lib/playground/assets/${file}`);
    expect(packed.filter((path) => !dist.includes(path)).sort()).toEqual(['LICENSE', 'README.md', 'SECURITY.md', ...assets, 'package.json'].sort());
    for (const build of ['esm', 'cjs']) {
      expect(dist).toContain(`dist/${build}/index.js`);
      expect(dist).toContain(`dist/${build}/index.d.ts`);
    }
    // Compiled output only (no sources, tests, fixtures or build info), the same files in both builds.
    expect(dist.filter((path) => !/\.(c?js|d\.c?ts)$/.test(path) || /\/(test|fixtures)\//.test(path))).toEqual(['dist/cjs/package.json']);
    const files = (build: string) =>
      dist.filter((path) => path.startsWith(`dist/${build}/`) && !path.endsWith('package.json')).map((path) => path.slice(`dist/${build}/`.length)).sort();
    expect(files('cjs')).toEqual(files('esm'));
  });

  it('gives each condition its own build and types, and Node one build for import and require', () => {
    const esm = { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' };
    const cjs = { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' };
    expect(manifest.exports['.']).toEqual({ 'module-sync': esm, import: esm, require: cjs });
  });

  describe.each([
    ['ES module', 'esm'],
    ['CommonJS', 'cjs'],
  ])('installed into a fresh %s app', (_kind, name) => {
    let url: string;
    let output: () => string;
    let dir: string;

    beforeAll(async () => {
      dir = join(work, name);
      cpSync(join(apps, name), dir, { recursive: true });
      const appManifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      appManifest.dependencies = {
        'nestjs-navai': `file:${tarball}`,
        ...peerVersions(PEERS),
      };
      writeFileSync(join(dir, 'package.json'), JSON.stringify(appManifest, null, 2));
      await exec('npm', ['install', ...NPM_FLAGS], { cwd: dir });
      const env = { APP_OPENAI_KEY: CANARY_KEY, APP_OPENAI_URL: fake.baseUrl };
      const app = await startNodeApp('main.js', { cwd: dir, env, ready: /listening on (http:\/\/\S+)/ });
      children.push(app.child);
      ({ url, output } = app);
    }, INSTALL_TIMEOUT);

    const execute = (function_name: string, payload: object) =>
      send(url, 'POST', '/navai/functions/execute', { function_name, payload });

    it('mints a client secret through the upstream', async () => {
      const before = fake.requests.length;
      const res = await send(url, 'POST', '/navai/realtime/client-secret', { voice: 'cedar' });
      expect(res.status).toBe(200);
      expect(Object.keys(res.json).sort()).toEqual(['expires_at', 'speech', 'value']);
      expect(res.json.value).toMatch(/^ek_[0-9a-f]{24}$/);
      expect(fake.requests.length).toBe(before + 1);
      expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
      expect(fake.lastBody.session).toMatchObject({ type: 'realtime', model: 'gpt-realtime', audio: { output: { voice: 'cedar' } } });
      // The DTO's class-validator rules apply through the app's ValidationPipe.
      const invalid = await send(url, 'POST', '/navai/realtime/client-secret', { voice: 42 });
      expect(invalid.status).toBe(400);
      expect(invalid.json.message).toContain('voice must be a string');
      expect(fake.requests.length).toBe(before + 1);
    });

    it('lists the decorated tool and the folder tool', async () => {
      const res = await send(url, 'GET', '/navai/functions');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        items: [
          {
            name: 'greet',
            description: 'Greet someone by name.',
            source: 'Greeter#greet',
            parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
          },
          {
            name: 'echo',
            description: 'Call exported function echo.',
            source: 'src/ai/functions-modules/echo.js#echo',
            parameters: {
              type: 'object',
              properties: {
                args: { type: 'array', description: 'The positional arguments of the function.' },
                value: { description: 'The single argument of the function.' },
              },
              additionalProperties: true,
            },
          },
        ],
        warnings: [],
      });
    });

    it('runs both tools, and refuses bad arguments and unknown names', async () => {
      const greet = await execute('greet', { name: 'Ada' });
      expect(greet.status).toBe(200);
      expect(greet.json).toEqual({ ok: true, function_name: 'greet', source: 'Greeter#greet', result: 'Hello, Ada!' });
      const echo = await execute('echo', { value: 'ping' });
      expect(echo.status).toBe(200);
      expect(echo.json).toEqual({
        ok: true,
        function_name: 'echo',
        source: 'src/ai/functions-modules/echo.js#echo',
        result: { echoed: 'ping' },
      });
      const invalid = await execute('greet', {});
      expect(invalid.status).toBe(400);
      expect(invalid.json).toMatchObject({ ok: false, function_name: 'greet', code: 'INVALID_ARGUMENTS' });
      const unknown = await execute('nope', {});
      expect(unknown.status).toBe(404);
      expect(unknown.json).toMatchObject({ code: 'UNKNOWN_FUNCTION', available_functions: ['greet', 'echo'] });
    });

    it('loads one build of the package, the ES module one, through import and require alike', () => {
      const loaded = JSON.parse(/package: (.*)/.exec(output())?.[1] ?? 'null');
      const build = join(dir, 'node_modules/nestjs-navai/dist/esm/index.js');
      // The CommonJS app's own ES module file imports the package too: same module class, same registry token.
      const expected = name === 'esm' ? { build: pathToFileURL(build).href } : { build, oneModule: true, oneRegistry: true };
      expect(loaded).toEqual(expected);
    });

    it('runs without @nestjs/swagger, an optional peer it does not install', () => {
      const installed = JSON.parse(readFileSync(join(dir, 'node_modules/nestjs-navai/package.json'), 'utf8'));
      expect(installed.peerDependenciesMeta['@nestjs/swagger']).toEqual({ optional: true });
      expect(existsSync(join(dir, 'node_modules/@nestjs/swagger'))).toBe(false);
    });

    it('serves the playground page and its files from the installed package', async () => {
      const page = await send(url, 'GET', '/navai/playground');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<script type="module" src="/navai/playground/playground.js">');
      for (const file of ['playground.js', 'playground.css']) {
        const asset = await send(url, 'GET', `/navai/playground/${file}`);
        expect(asset.status).toBe(200);
        expect(asset.text).toBe(readFileSync(join(root, 'lib/playground/assets', file), 'utf8'));
      }
    });

    it('never prints the key', () => {
      expect(output()).not.toContain(CANARY_KEY);
    });
  });
});
