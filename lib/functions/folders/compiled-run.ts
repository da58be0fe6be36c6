import { realpathSync } from 'node:fs';
import path from 'node:path';

/** True when the entry script (`process.argv[1]`) lies inside `<baseDir>/<outDir>/`, i.e. the app runs compiled. */
export function isCompiledRun(entryScript: string | undefined, baseDir: string, outDir: string): boolean {
  if (!entryScript) return false;
  const outRoot = realPath(path.resolve(baseDir, outDir));
  const relative = path.relative(outRoot, realPath(path.resolve(entryScript)));
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function realPath(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return target;
  }
}
