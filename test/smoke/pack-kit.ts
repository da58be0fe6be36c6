import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec } from '../support/run-node.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
export const NPM_FLAGS = ['--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'];
export const INSTALL_TIMEOUT = 180_000;

/** The peers an app installs beside the package, at the versions this project tests with. */
export function peerVersions(names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, manifest.devDependencies[name]]));
}

/**
 * Builds and packs a clean copy into `work`, as CI's fresh clone would: no stale build output,
 * and no race with other suites that rebuild dist/ in place.
 */
export async function packPackage(work: string): Promise<{ tarball: string; files: string[] }> {
  const stage = join(work, 'stage');
  const builds = new Set(['dist', join('sample', 'dist')]);
  cpSync(root, stage, {
    recursive: true,
    filter: (source) => {
      const path = relative(root, source);
      return !builds.has(path) && !path.split(sep).some((part) => part === 'node_modules' || part === '.git');
    },
  });
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  await exec('npm', ['run', 'build'], { cwd: stage });
  const { stdout } = await exec('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: stage });
  const [result] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  return { tarball: join(work, result.filename), files: result.files.map((file) => file.path) };
}
