import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fnModule, load, namesOf, removeTree, tempTree } from './folder-test-kit.js';

let base: string;
beforeAll(async () => {
  base = await tempTree({
    'node_modules/big-lib/dist/index.js': fnModule('fromNodeModules'),
    'node_modules/big-lib/package.json': '{}',
    'src/main.ts': fnModule('main'),
    'src/other/service.ts': fnModule('other'),
    'src/ai/unrelated/thing.ts': fnModule('thing'),
    'src/ai/functions-modules/tool.ts': fnModule('tool'),
    'src/ai/functions-modules/node_modules/dep/index.js': fnModule('nested'),
    'src/features/billing/voice-functions/charge.ts': fnModule('charge'),
  });
});
afterAll(() => removeTree(base));

/** Node's file system, noting every directory glob lists, relative to the base directory. */
function recordingFs(listed: Set<string>) {
  const note = (dir: string) => listed.add(path.relative(base, dir).split(path.sep).join('/') || '.');
  return {
    readdir: (dir: string, options: { withFileTypes: true }, callback: (error: NodeJS.ErrnoException | null, entries?: fs.Dirent[]) => void) => {
      note(dir);
      fs.readdir(dir, options, callback);
    },
    readdirSync: (dir: string, options: { withFileTypes: true }) => {
      note(dir);
      return fs.readdirSync(dir, options);
    },
    promises: {
      readdir: (dir: string, options: { withFileTypes: true }) => {
        note(dir);
        return fs.promises.readdir(dir, options);
      },
    },
  };
}

it('walks only below each token\'s fixed prefix, and never into excluded folders', async () => {
  const listed = new Set<string>();
  const result = await load(base, { folders: ['src/ai/functions-modules', 'src/features/*/voice-functions'], fs: recordingFs(listed) });
  expect(namesOf(result)).toEqual(['tool', 'charge']);
  // Not the base directory, src, src/ai, node_modules, nor src/ai/functions-modules/node_modules.
  expect([...listed].sort()).toEqual(['src/ai/functions-modules', 'src/features', 'src/features/billing/voice-functions']);
});
