import { spawnSync } from 'node:child_process';
import { cpSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The servers import the library from its build: build it (so a fresh clone works), then copy
 * `dist/` aside, so a rebuild during the run (another `npm test`) cannot change what is measured.
 * The copy sits under node_modules so its own imports still resolve; `remove()` deletes it.
 */
export function buildLibrary() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { status } = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (status !== 0) {
    console.error('npm run build failed');
    process.exit(status ?? 1);
  }
  const copy = `${ROOT}node_modules/.cache/nestjs-navai-bench/${process.pid}`;
  cpSync(`${ROOT}dist`, `${copy}/dist`, { recursive: true });
  process.env.NAVAI_BENCH_LIBRARY = `${copy}/dist/esm/index.js`;
  return {
    remove() {
      rmSync(copy, { recursive: true, force: true });
      try {
        rmdirSync(path.dirname(copy));
      } catch {
        // another run still has its copy there
      }
    },
  };
}
