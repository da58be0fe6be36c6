import type { GlobOptions } from 'glob';
import type { NavaiFunctionDefinition } from '../../interfaces/navai-function.interface.js';

export interface FolderFunctionsOptions {
  /** Absolute; folder tokens are relative to it. */
  baseDir: string;
  /** Raw tokens, already split on commas; none means `defaultFolder`. */
  folders: readonly string[];
  /** Agent folder names: a plain folder token then only matches `<folder>/<agent>/**`. */
  agents: readonly string[];
  defaultFolder: string;
  /** Without the dot, case-insensitive. */
  extensions: readonly string[];
  /** Glob patterns relative to `baseDir` (to `<baseDir>/<outDir>` when compiled). */
  exclude: readonly string[];
  /** Load the compiled twins under `outDir` instead of the sources under `sourceRoot`. */
  compiled: boolean;
  sourceRoot: string;
  outDir: string;
  /** Names already used by other tools; folder tools never take them. */
  takenNames: ReadonlySet<string>;
  /** How long one module may take to import; default 10 000 ms. */
  importTimeoutMs?: number;
  /** The file system the scan walks (glob's `fs` option); Node's when absent. */
  fs?: GlobOptions['fs'];
}

export interface FolderFunctionDefinition extends NavaiFunctionDefinition {
  /** Absolute path of the module loaded. */
  file: string;
  /** First path segment below the folder token, when agent scoping matched it. */
  agent?: string;
}

export interface FolderFunctionsResult {
  definitions: FolderFunctionDefinition[];
  /** For operators; never an exception's text. */
  warnings: string[];
  /** The thrown value behind each warning about a module that failed to load, for the log. */
  failures: ReadonlyMap<string, unknown>;
}
