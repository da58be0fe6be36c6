import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLDER_FUNCTION_DEFAULTS } from '../../../lib/functions/folders/folder-functions.loader.js';
import { fnModule, load, namesOf, removeTree, tempTree } from './folder-test-kit.js';

const dir = 'src/ai/functions-modules';
let base: string;
beforeAll(async () => {
  base = await tempTree({
    [`${dir}/kept.ts`]: fnModule('kept'),
    [`${dir}/node_modules/pkg/index.js`]: fnModule('fromNodeModules'),
    [`${dir}/dist/built.js`]: fnModule('fromDist'),
    [`${dir}/.cache/cached.ts`]: fnModule('fromHiddenFolder'),
    [`${dir}/.hidden-file.ts`]: fnModule('fromHiddenFile'),
    [`${dir}/private/secret.ts`]: fnModule('secret'),
  });
});
afterAll(() => removeTree(base));

const ALL = ['from_hidden_folder', 'from_hidden_file', 'from_dist', 'kept', 'from_node_modules', 'secret'];

describe('exclude patterns', () => {
  it('skips node_modules, dist and hidden folders and files by default', async () => {
    const result = await load(base);
    expect(namesOf(result)).toEqual(['kept', 'secret']);
    expect(result.warnings).toEqual([]);
  });

  it('walks everything, hidden entries included, without excludes', async () => {
    expect(namesOf(await load(base, { exclude: [] }))).toEqual(ALL);
  });

  it.each([
    ['**/node_modules/**', ['from_node_modules']],
    ['**/dist/**', ['from_dist']],
    ['**/.*/**', ['from_hidden_folder', 'from_hidden_file']],
  ])('each default pattern does its part: without %s', async (dropped, regained) => {
    const exclude = FOLDER_FUNCTION_DEFAULTS.exclude.filter((pattern) => pattern !== dropped);
    const names = namesOf(await load(base, { exclude }));
    expect(names).toEqual(ALL.filter((name) => ['kept', 'secret', ...regained].includes(name)));
  });

  it('applies a custom pattern relative to the base directory', async () => {
    const result = await load(base, { exclude: [...FOLDER_FUNCTION_DEFAULTS.exclude, `./${dir}/private/**`] });
    expect(namesOf(result)).toEqual(['kept']);
  });

  it('excludes explicit files too', async () => {
    const result = await load(base, { folders: [`${dir}/node_modules/pkg/index.js`], defaultFolder: 'src/nowhere' });
    expect(result.definitions).toEqual([]);
    expect(result.warnings).toEqual([
      `Functions folders matched no module: "${dir}/node_modules/pkg/index.js". Falling back to "src/nowhere".`,
    ]);
  });

  it('ignores where the base directory itself lies (patterns see paths relative to it)', async () => {
    const nested = await tempTree({ [`.apps/dist/node_modules/app/${dir}/kept.ts`]: fnModule('kept') });
    try {
      expect(namesOf(await load(`${nested}/.apps/dist/node_modules/app`))).toEqual(['kept']);
    } finally {
      await removeTree(nested);
    }
  });
});
