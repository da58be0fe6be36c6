import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FOLDER = 'src/ai/functions-modules';

function write(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A functions base directory: plain ESM `.js` modules both contenders load from `src/ai/functions-modules`. */
function baseDir(root, name, modules) {
  const dir = path.join(root, name);
  write(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [file, text] of Object.entries(modules)) write(path.join(dir, FOLDER, file), text);
  return dir;
}

export function toolName(index) {
  return `tool_${String(index).padStart(4, '0')}`;
}

/** `count` one-function modules, `tool_0000.js` ... (in groups of 20 folders deep when `grouped`). */
function toolModules(count, grouped = false) {
  const modules = {};
  for (let index = 0; index < count; index++) {
    const name = toolName(index);
    const file = grouped ? `group-${String(Math.floor(index / 20)).padStart(2, '0')}/${name}.js` : `${name}.js`;
    modules[file] = `export function ${name}(value) {\n  return value;\n}\n`;
  }
  return modules;
}

/**
 * Unrelated files around the tools, as in a real project: a node_modules-like tree
 * (100 packages x 120 files) and a large source tree (200 features x 40 files).
 */
function unrelatedTree(dir) {
  for (let pkg = 0; pkg < 100; pkg++) {
    const root = path.join(dir, 'node_modules', `pkg-${pkg}`);
    write(path.join(root, 'package.json'), `{ "name": "pkg-${pkg}", "version": "1.0.0" }\n`);
    for (let file = 0; file < 119; file++) {
      const sub = file % 4 === 0 ? 'lib' : `lib/part-${file % 7}`;
      write(path.join(root, sub, `file-${file}.js`), `module.exports = ${file};\n`);
    }
  }
  for (let feature = 0; feature < 200; feature++) {
    for (let file = 0; file < 40; file++) {
      const sub = `src/app/feature-${feature}/${file % 2 ? 'services' : 'components'}`;
      write(path.join(dir, sub, `part-${file}.ts`), `export const part${file} = ${file};\n`);
    }
  }
}

/** Generates the fixtures into one temporary directory (the large tree unless told not to); `remove()` deletes it. */
export function createFixtures({ largeTree = true } = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'navai-bench-'));
  const wait = 'import { setTimeout as sleep } from "node:timers/promises";\n\nexport async function wait(value) {\n  await sleep(1);\n  return value;\n}\n';
  const fixtures = {
    root,
    /** The Express package's two execute tools, as folder modules. */
    executeTools: baseDir(root, 'execute', { 'echo.js': 'export function echo(value) {\n  return value;\n}\n', 'wait.js': wait }),
    /** No folder tools: our module serves its decorated tools only. */
    noFolderTools: baseDir(root, 'decorated-only', {}),
    tools: { 10: baseDir(root, 'tools-10', toolModules(10)), 1000: baseDir(root, 'tools-1000', toolModules(1000)) },
    largeTree: largeTree && baseDir(root, 'large-tree', toolModules(200, true)),
    listJson: (count) => path.join(root, `list-${count}.json`),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  if (largeTree) unrelatedTree(fixtures.largeTree);
  return fixtures;
}
