import path from 'node:path';
import { escape, glob, type GlobOptions } from 'glob';
import { DECLARATION_FILE } from './folder-functions.constants.js';
import type { FolderScan } from './folder-token.parser.js';
import { normalizePath } from './folder-token.parser.js';

/** A module file found for a folder token. */
export interface FunctionFile {
  /** Absolute path. */
  file: string;
  /** Relative to the base directory, `/` separators. */
  path: string;
  agent?: string;
}

export interface FileFilter {
  baseDir: string;
  /** Lower-case, without the dot. */
  extensions: ReadonlySet<string>;
  /** Absolute glob patterns, so they hold whatever directory a scan starts in. */
  ignore: string[];
  fs?: GlobOptions['fs'];
}

/** Exclude patterns are relative to `root`; glob wants them relative to each scan's cwd, or absolute. */
export function absoluteExcludes(root: string, exclude: readonly string[]): string[] {
  const prefix = escape(root.replace(/\\/g, '/').replace(/\/+$/, ''), { magicalBraces: true });
  return exclude.map(normalizePath).filter(Boolean).map((pattern) => `${prefix}/${pattern}`);
}

export async function scanFolder(scan: FolderScan, filter: FileFilter): Promise<FunctionFile[]> {
  const { ignore, fs } = filter;
  const found = await glob(scan.patterns, { cwd: scan.cwd, nodir: true, dot: true, posix: true, ignore, ...(fs && { fs }) });
  return found.filter((relative) => isModuleFile(relative, filter.extensions)).map((relative) => {
    const file = path.join(scan.cwd, relative);
    const agent = scan.agentScoped ? relative.split('/')[0] : undefined;
    return { file, path: path.relative(filter.baseDir, file).split(path.sep).join('/'), ...(agent && { agent }) };
  });
}

function isModuleFile(relative: string, extensions: ReadonlySet<string>): boolean {
  const extension = path.extname(relative).slice(1).toLowerCase();
  return extensions.has(extension) && !DECLARATION_FILE.test(relative);
}
