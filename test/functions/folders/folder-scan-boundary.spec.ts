import { readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fnModule, load, namesOf, removeTree, tempTree } from './folder-test-kit.js';

// Proof by access time: listing a directory updates its atime (relatime updates an atime older than
// the mtime), so a directory whose atime stays in the past was never read. A control directory
// checks that this file system records reads at all.
const PAST = new Date('2000-01-01T00:00:00Z');
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
    'control/entry.txt': '',
  });
});
afterAll(() => removeTree(base));

const atime = async (relative: string) => (await stat(path.join(base, relative))).atimeMs;

it('walks only below each token\'s fixed prefix, and never into excluded folders', async (ctx) => {
  const untouched = [
    '.',
    'node_modules',
    'node_modules/big-lib',
    'node_modules/big-lib/dist',
    'src',
    'src/other',
    'src/ai',
    'src/ai/unrelated',
    'src/ai/functions-modules/node_modules',
    'src/ai/functions-modules/node_modules/dep',
  ];
  const walked = ['src/ai/functions-modules', 'src/features', 'src/features/billing/voice-functions'];
  const now = new Date();
  for (const dir of [...untouched, ...walked, 'control']) await utimes(path.join(base, dir), PAST, now);

  await readdir(path.join(base, 'control'));
  if ((await atime('control')) === PAST.getTime()) ctx.skip('this file system does not record directory reads');

  const result = await load(base, { folders: ['src/ai/functions-modules', 'src/features/*/voice-functions'] });
  expect(namesOf(result)).toEqual(['tool', 'charge']);
  for (const dir of walked) expect(await atime(dir), `${dir} should have been read`).not.toBe(PAST.getTime());
  for (const dir of untouched) expect(await atime(dir), `${dir} should not have been read`).toBe(PAST.getTime());
});
