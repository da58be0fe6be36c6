// CommonJS in both builds, so `require` and `__dirname` are this file's own in each: the one place
// that knows where the package lives and how its build is loaded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** require() as seen from this package's own files: its dependencies, resolved in either build. */
export const packageRequire: NodeJS.Require = require;

let root: string | undefined;
let commonJs: boolean | undefined;

/** The package's folder (the one holding its package.json), for files it ships beside its code. */
export function packageDir(): string {
  if (root === undefined) {
    let dir = __dirname;
    while (readManifest(dir)?.name !== 'nestjs-navai') {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`nestjs-navai: no package.json above ${__dirname}`);
      dir = parent;
    }
    root = dir;
  }
  return root;
}

/** True in the CommonJS build: the nearest package.json says `commonjs`, as Node itself reads it. */
export function isCommonJsBuild(): boolean {
  if (commonJs === undefined) {
    let dir = __dirname;
    let manifest = readManifest(dir);
    while (!manifest && path.dirname(dir) !== dir) manifest = readManifest((dir = path.dirname(dir)));
    commonJs = (manifest?.type ?? 'commonjs') === 'commonjs';
  }
  return commonJs;
}

/**
 * Loads a module file the way the app's own code is loaded, and gives its namespace as import()
 * does: import() in the ES module build; require() in the CommonJS build, so a test runner's module
 * system (Jest's, with its transform) is the one that loads it.
 */
export async function loadModuleFile(file: string): Promise<Record<string, unknown>> {
  if (!isCommonJsBuild()) return import(pathToFileURL(file).href);
  const exported: unknown = require(file);
  // require(esm) already gives a namespace; CommonJS exports become what import() makes of them.
  if (Object.prototype.toString.call(exported) === '[object Module]') return exported as Record<string, unknown>;
  return typeof exported === 'object' && exported !== null ? { ...exported, default: exported } : { default: exported };
}

function readManifest(dir: string): { name?: string; type?: string } | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}
