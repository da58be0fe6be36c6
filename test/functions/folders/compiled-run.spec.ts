import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCompiledRun } from '../../../lib/functions/folders/folder-functions.loader.js';
import { removeTree, tempTree } from './folder-test-kit.js';

let root: string;
let app: string;
beforeAll(async () => {
  root = await tempTree({ 'app/dist/main.js': '', 'app/src/main.ts': '' });
  app = path.join(root, 'app');
  await symlink(app, path.join(root, 'linked-app'), 'dir');
});
afterAll(() => removeTree(root));

describe('isCompiledRun', () => {
  it('is true when the entry script lies inside <baseDir>/<outDir>/', () => {
    expect(isCompiledRun(path.join(app, 'dist/main.js'), app, 'dist')).toBe(true);
    expect(isCompiledRun(path.join(app, 'dist/apps/api/main.js'), app, 'dist')).toBe(true);
    expect(isCompiledRun(path.join(app, 'build/main.js'), app, './build')).toBe(true);
  });

  it('ignores trailing separators', () => {
    expect(isCompiledRun(path.join(app, 'dist/main.js'), `${app}${path.sep}`, `dist${path.sep}`)).toBe(true);
  });

  it('is false outside outDir, for a look-alike sibling, for outDir itself and without an entry', () => {
    expect(isCompiledRun(path.join(app, 'src/main.ts'), app, 'dist')).toBe(false);
    expect(isCompiledRun(path.join(app, 'dist-old/main.js'), app, 'dist')).toBe(false);
    expect(isCompiledRun(path.join(app, 'dist'), app, 'dist')).toBe(false);
    expect(isCompiledRun(path.join(root, 'main.js'), app, 'dist')).toBe(false);
    expect(isCompiledRun(undefined, app, 'dist')).toBe(false);
    expect(isCompiledRun('', app, 'dist')).toBe(false);
  });

  it('compares real paths, so a symlinked base directory or entry path still counts', () => {
    const linked = path.join(root, 'linked-app');
    expect(isCompiledRun(path.join(linked, 'dist/main.js'), app, 'dist')).toBe(true);
    expect(isCompiledRun(path.join(app, 'dist/main.js'), linked, 'dist')).toBe(true);
  });

  it('resolves a relative entry against the working directory', () => {
    expect(isCompiledRun('dist/main.js', process.cwd(), 'dist')).toBe(true);
    expect(isCompiledRun('src/main.ts', process.cwd(), 'dist')).toBe(false);
  });

  it('is false under Vitest, whose entry is its own binary', () => {
    expect(isCompiledRun(process.argv[1], process.cwd(), 'dist')).toBe(false);
  });
});
