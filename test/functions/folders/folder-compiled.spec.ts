import { execFile } from 'node:child_process';
import { readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderFunctionsResult } from '../../../lib/functions/folders/folder-functions.loader.js';
import { context, load, namesOf, removeTree, tempTree, tool, writeTree } from './folder-test-kit.js';

const dir = 'ai/functions-modules';
const SOURCES: Record<string, string> = {
  [`${dir}/weather.ts`]: `const BUILD = 'source';\nexport function getWeather(city: string): string {\n  return \`\${city}: sunny (\${BUILD})\`;\n}\n`,
  [`${dir}/billing.ts`]: [
    `const BUILD = 'source';`,
    `export class Billing {`,
    `  constructor(private readonly currency = 'EUR') {}`,
    `  refund(amount: number): string {`,
    `    return \`refunded \${amount} \${this.currency} (\${BUILD})\`;`,
    `  }`,
    `}`,
  ].join('\n'),
  [`${dir}/greetings.fn.ts`]: `const BUILD = 'source';\nexport default { hello: (name: string): string => \`hello \${name} (\${BUILD})\` };\n`,
  [`${dir}/helpers/format.ts`]: `const BUILD = 'source';\nexport default function (value: number): string {\n  return \`\${value.toFixed(2)} (\${BUILD})\`;\n}\n`,
};
const NAMES = ['billing_refund', 'greetings_hello', 'format', 'get_weather'];

type ModuleFormat = 'commonjs' | 'module';

/** What `nest build` leaves in dist/: the compiled twin of each source, plus declarations and source maps. */
function compiledTree(format: ModuleFormat, root = 'dist'): Record<string, string> {
  const module = format === 'commonjs' ? ts.ModuleKind.CommonJS : ts.ModuleKind.ES2022;
  const files: Record<string, string> = { 'package.json': JSON.stringify({ type: format }) };
  for (const [file, source] of Object.entries(SOURCES)) {
    const compiled = ts.transpileModule(source, { compilerOptions: { module, target: ts.ScriptTarget.ES2022 } }).outputText;
    const twin = `${root}/${file.replace(/\.ts$/, '')}`;
    files[`${twin}.js`] = compiled.replace("'source'", "'compiled'");
    files[`${twin}.js.map`] = '{"version":3,"sources":[],"mappings":""}';
    files[`${twin}.d.ts`] = 'export {};\n';
  }
  return files;
}

const sourceTree = () => Object.fromEntries(Object.entries(SOURCES).map(([file, source]) => [`src/${file}`, source]));

async function runAll(result: FolderFunctionsResult) {
  return {
    weather: await tool(result, 'get_weather').run({ value: 'Lima' }, context()),
    refund: await tool(result, 'billing_refund').run({ constructorArgs: ['USD'], methodArgs: [5] }, context()),
    hello: await tool(result, 'greetings_hello').run({ value: 'Ada' }, context()),
    format: await tool(result, 'format').run({ value: 2 }, context()),
  };
}

// Vitest puts its own CommonJS interop between import() and the module, so CommonJS twins are
// checked under plain Node further down; here the twins are ES modules.
describe('compiled mode', () => {
  let base: string;
  beforeAll(async () => {
    base = await tempTree({
      ...sourceTree(),
      ...compiledTree('module'),
      [`dist/${dir}/dist/stale.js`]: 'export function stale() {}\n',
      [`dist/${dir}/node_modules/dep/index.js`]: 'export function dep() {}\n',
    });
  });
  afterAll(() => removeTree(base));

  it('loads the compiled twins under outDir, with the names the sources get', async () => {
    const fromSource = await load(base);
    const fromDist = await load(base, { compiled: true });
    expect(fromSource.warnings).toEqual([]);
    expect(fromDist.warnings).toEqual([]);
    expect(namesOf(fromSource)).toEqual(NAMES);
    expect(namesOf(fromDist)).toEqual(NAMES);
    expect(fromDist.definitions.map(({ source }) => source)).toEqual([
      `dist/${dir}/billing.js#Billing.refund`,
      `dist/${dir}/greetings.fn.js#default.hello`,
      `dist/${dir}/helpers/format.js#default`,
      `dist/${dir}/weather.js#getWeather`,
    ]);
    expect(fromDist.definitions.map(({ file }) => path.relative(base, file))).toEqual([
      `dist/${dir}/billing.js`,
      `dist/${dir}/greetings.fn.js`,
      `dist/${dir}/helpers/format.js`,
      `dist/${dir}/weather.js`,
    ]);
  });

  it('runs the compiled code', async () => {
    expect(await runAll(await load(base, { compiled: true }))).toEqual({
      weather: 'Lima: sunny (compiled)',
      refund: 'refunded 5 USD (compiled)',
      hello: 'hello Ada (compiled)',
      format: '2.00 (compiled)',
    });
    expect(await runAll(await load(base))).toEqual({
      weather: 'Lima: sunny (source)',
      refund: 'refunded 5 USD (source)',
      hello: 'hello Ada (source)',
      format: '2.00 (source)',
    });
  });
});

describe('compiled mode without a src directory', () => {
  let base: string;
  beforeAll(async () => {
    base = await tempTree({ ...compiledTree('module', 'build'), [`build/${dir}/dist/stale.js`]: 'export function stale() {}\n' });
  });
  afterAll(() => removeTree(base));

  const compiled = (overrides: Parameters<typeof load>[1] = {}) => load(base, { compiled: true, outDir: 'build', ...overrides });

  it('maps the default folder into outDir, matching excludes relative to it', async () => {
    const result = await compiled();
    expect(namesOf(result)).toEqual(NAMES);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['a folder', ['src/ai/functions-modules/helpers'], ['format']],
    ['a folder without the src/ prefix', ['ai/functions-modules/helpers'], ['format']],
    ['an explicit .ts file', ['src/ai/functions-modules/weather.ts'], ['get_weather']],
    ['a wildcard naming .ts files', ['src/**/*.fn.ts'], ['greetings_hello']],
    ['a wildcard naming folders', ['src/*/functions-modules/...'], NAMES],
  ])('maps %s into outDir', async (_, folders, names) => {
    const result = await compiled({ folders });
    expect(namesOf(result)).toEqual(names);
    expect(result.warnings).toEqual([]);
  });

  it('loads the compiled twins of configured source extensions', async () => {
    expect(namesOf(await compiled({ extensions: ['ts'] }))).toEqual(NAMES);
    expect(namesOf(await compiled({ extensions: ['mts', 'cts'] }))).toEqual([]);
  });

  it('warns with the source tokens when nothing matches', async () => {
    const result = await compiled({ folders: ['src/nowhere'], defaultFolder: 'src/ai/functions-modules/helpers' });
    expect(namesOf(result)).toEqual(['format']);
    expect(result.warnings).toEqual([
      'Functions folders matched no module: "src/nowhere". Falling back to "src/ai/functions-modules/helpers".',
    ]);
  });
});

// `node dist/main.js` of a CommonJS Nest app, as `nest build` leaves it by default: the loader (compiled
// to plain ES modules) runs in a child Node process, with no Vitest in between.
describe('a compiled CommonJS app run with node', () => {
  const PAYLOADS = {
    get_weather: { value: 'Lima' },
    billing_refund: { constructorArgs: ['USD'], methodArgs: [5] },
    greetings_hello: { value: 'Ada' },
    format: { value: 2 },
  };
  const MAIN = `'use strict';
const [, entry, loaderUrl, payloads] = process.argv;
import(loaderUrl).then(async ({ FOLDER_FUNCTION_DEFAULTS, isCompiledRun, loadFolderFunctions }) => {
  const baseDir = process.cwd();
  const compiled = isCompiledRun(entry, baseDir, FOLDER_FUNCTION_DEFAULTS.outDir);
  const options = { ...FOLDER_FUNCTION_DEFAULTS, baseDir, folders: [], agents: [], compiled, takenNames: new Set() };
  const { definitions, warnings } = await loadFolderFunctions(options);
  const results = {};
  for (const { name, run } of definitions) results[name] = await run(JSON.parse(payloads)[name], { req: null, functionName: name });
  console.log(JSON.stringify({ compiled, names: definitions.map(({ name }) => name), sources: definitions.map(({ source }) => source), results, warnings }));
});
`;
  let root: string;
  beforeAll(async () => {
    root = await tempTree({ 'lib/package.json': JSON.stringify({ type: 'module' }) });
    const libDir = fileURLToPath(new URL('../../../lib/', import.meta.url));
    const options = {
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
      },
    };
    const sources = (await readdir(libDir, { recursive: true })).filter((file) => /\.c?ts$/.test(file));
    for (const name of sources) {
      const source = await readFile(path.join(libDir, name), 'utf8');
      // lib/utils/package-context.cts is CommonJS (with a native import()), as the ES module build emits it.
      const compilerOptions = name.endsWith('.cts') ? { ...options.compilerOptions, module: ts.ModuleKind.NodeNext } : options.compilerOptions;
      const output = ts.transpileModule(source, { compilerOptions, fileName: name }).outputText;
      await writeTree(path.join(root, 'lib'), { [name.replace(/\.ts$/, '.js').replace(/\.cts$/, '.cjs')]: output });
    }
    await symlink(fileURLToPath(new URL('../../../node_modules', import.meta.url)), path.join(root, 'lib/node_modules'), 'dir');
    await writeTree(path.join(root, 'app'), { ...sourceTree(), ...compiledTree('commonjs'), 'dist/main.js': MAIN });
  });
  afterAll(() => removeTree(root));

  it('detects the compiled run, loads the CommonJS twins and names them as the sources', async () => {
    const app = path.join(root, 'app');
    const loaderUrl = pathToFileURL(path.join(root, 'lib/functions/folders/folder-functions.loader.js')).href;
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/main.js', loaderUrl, JSON.stringify(PAYLOADS)], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({
      compiled: true,
      names: namesOf(await load(app)),
      sources: [
        `dist/${dir}/billing.js#Billing.refund`,
        `dist/${dir}/greetings.fn.js#default.hello`,
        `dist/${dir}/helpers/format.js#default`,
        `dist/${dir}/weather.js#getWeather`,
      ],
      results: {
        get_weather: 'Lima: sunny (compiled)',
        billing_refund: 'refunded 5 USD (compiled)',
        greetings_hello: 'hello Ada (compiled)',
        format: '2.00 (compiled)',
      },
      warnings: [],
    });
  });
});
