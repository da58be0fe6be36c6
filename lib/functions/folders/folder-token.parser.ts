import path from 'node:path';
import { escape } from 'glob';
import { COMPILED_EXTENSIONS } from './folder-functions.constants.js';
import { FOLDER_TOKEN_OUTSIDE_BASE } from './folder-functions.messages.js';

/** Where glob walks for one folder token, and what it matches there. */
export interface FolderScan {
  /** Absolute directory glob walks: the token's path before its first wildcard. */
  cwd: string;
  /** Glob patterns relative to `cwd`. */
  patterns: string[];
  /** The first path segment below `cwd` is the agent name. */
  agentScoped: boolean;
}

export interface FolderTokenSettings {
  baseDir: string;
  sourceRoot: string;
  outDir: string;
  compiled: boolean;
  /** Normalized agent folder names. */
  agents: readonly string[];
  /** Lower-case, without the dot. */
  extensions: readonly string[];
}

const BELOW = '/...';

/** `/` separators, no leading `./` or `/`, no trailing `/`. */
export function normalizePath(value: string): string {
  return value
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/|\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '');
}

/** An agent folder's name as tokens match it: one path segment. */
export function agentFolderName(agent: string): string {
  return normalizePath(agent).replace(/\//g, '');
}

export function planFolderScan(token: string, settings: FolderTokenSettings): FolderScan | undefined {
  const sourceRoot = normalizePath(settings.sourceRoot);
  let tokenPath = normalizePath(token);
  if (!tokenPath) return undefined;
  if (!isWithin(tokenPath, sourceRoot)) tokenPath = joinPath(sourceRoot, tokenPath);
  // `..` segments resolved here: a token names files below the base directory only.
  tokenPath = path.posix.normalize(tokenPath);
  if (tokenPath === '..' || tokenPath.startsWith('../')) throw new Error(FOLDER_TOKEN_OUTSIDE_BASE(token, settings.baseDir));
  if (tokenPath === '.') tokenPath = '';

  const below = tokenPath.endsWith(BELOW);
  if (below) tokenPath = tokenPath.slice(0, -BELOW.length);
  const wildcard = tokenPath.includes('*');
  const file = !below && !wildcard && settings.extensions.includes(extensionOf(tokenPath));
  if (settings.compiled && isWithin(tokenPath, sourceRoot)) tokenPath = toCompiledPath(tokenPath, sourceRoot, normalizePath(settings.outDir));

  const segments = tokenPath.split('/').filter(Boolean);
  const firstWildcard = segments.findIndex((segment) => segment.includes('*'));
  const fixed = file ? segments.length - 1 : firstWildcard === -1 ? segments.length : firstWildcard;
  const rest = segments.slice(fixed).map(toGlobSegment).join('/');
  const agentScoped = !file && !below && !wildcard && settings.agents.length > 0;

  return {
    cwd: path.resolve(settings.baseDir, ...segments.slice(0, fixed)),
    patterns: patternsFor(rest, { file, below, agents: agentScoped ? settings.agents : [] }),
    agentScoped,
  };
}

function patternsFor(rest: string, kind: { file: boolean; below: boolean; agents: readonly string[] }): string[] {
  if (kind.file) return [rest];
  if (!rest) return kind.agents.length > 0 ? kind.agents.map((agent) => `${toGlobSegment(agent)}/**`) : ['**'];
  // A wildcard names files as well as folders whose contents are wanted.
  return kind.below ? [`${rest}/**`] : [rest, `${rest}/**`];
}

/** Only `*` is magic in a token; every other character is literal. */
function toGlobSegment(segment: string): string {
  return segment
    .split('*')
    .map((part) => escape(part, { magicalBraces: true }))
    .join('*');
}

function toCompiledPath(tokenPath: string, sourceRoot: string, outDir: string): string {
  const inOutDir = joinPath(outDir, tokenPath.slice(sourceRoot.length).replace(/^\//, ''));
  const extension = extensionOf(inOutDir);
  const compiled = COMPILED_EXTENSIONS[extension];
  return compiled ? `${inOutDir.slice(0, -extension.length)}${compiled}` : inOutDir;
}

function isWithin(tokenPath: string, sourceRoot: string): boolean {
  return !sourceRoot || tokenPath === sourceRoot || tokenPath.startsWith(`${sourceRoot}/`);
}

function joinPath(...parts: string[]): string {
  return parts.filter(Boolean).join('/');
}

function extensionOf(filePath: string): string {
  const name = filePath.slice(filePath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
