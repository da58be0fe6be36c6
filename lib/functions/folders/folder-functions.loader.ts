import path from 'node:path';
import { COMPILED_EXTENSIONS } from './folder-functions.constants.js';
import type {
  FolderFunctionDefinition,
  FolderFunctionsOptions,
  FolderFunctionsResult,
} from './folder-functions.interface.js';
import {
  MODULE_IMPORT_TIMED_OUT,
  MODULE_LOAD_FAILED,
  MODULE_WITHOUT_EXPORTS,
  MODULE_WITHOUT_TOOLS,
  NO_FOLDER_MATCHED,
  SOME_FOLDERS_UNMATCHED,
  TOOL_NAME_SHORTENED,
  TOOL_RENAMED,
} from './folder-functions.messages.js';
import { DEFAULTS, TOOL_NAME_MAX_LENGTH } from '../../navai.constants.js';
import { absoluteExcludes, scanFolder, type FileFilter, type FunctionFile } from './folder-files.scanner.js';
import { agentFolderName, normalizePath, planFolderScan, type FolderTokenSettings } from './folder-token.parser.js';
import { readExport, type ToolDraft } from './export-tools.reader.js';
import { byCodeUnits, moduleExports } from './module-exports.js';
import { moduleStem, ToolNames } from './tool-name.js';
import { loadModuleFile } from '../../utils/package-context.cjs';

export { isCompiledRun } from './compiled-run.js';
export { FOLDER_FUNCTION_DEFAULTS } from './folder-functions.constants.js';
export type { FolderFunctionDefinition, FolderFunctionsOptions, FolderFunctionsResult } from './folder-functions.interface.js';

/** Imports the modules the folder tokens name, in path order, and turns their exports into tools. */
export async function loadFolderFunctions(options: FolderFunctionsOptions): Promise<FolderFunctionsResult> {
  const warnings: string[] = [];
  const failures = new Map<string, unknown>();
  const names = new ToolNames(options.takenNames);
  const definitions: FolderFunctionDefinition[] = [];
  const importTimeoutMs = options.importTimeoutMs ?? DEFAULTS.functionsImportTimeoutMs;
  for (const moduleFile of await findModuleFiles(options, warnings)) {
    for (const draft of await loadModuleTools(moduleFile, importTimeoutMs, warnings, failures)) {
      const { wanted, name } = names.claim(draft.rawName);
      if (wanted.length > TOOL_NAME_MAX_LENGTH) warnings.push(TOOL_NAME_SHORTENED(wanted, name, draft.source, TOOL_NAME_MAX_LENGTH));
      else if (name !== wanted) warnings.push(TOOL_RENAMED(wanted, name, draft.source));
      const { rawName: _rawName, ...tool } = draft;
      const { file, agent } = moduleFile;
      definitions.push({ ...tool, name, file, ...(agent && { agent }) });
    }
  }
  return { definitions, warnings, failures };
}

async function findModuleFiles(options: FolderFunctionsOptions, warnings: string[]): Promise<FunctionFile[]> {
  const sourceExtensions = options.extensions.map((extension) => extension.trim().replace(/^\./, '').toLowerCase());
  const settings: FolderTokenSettings = {
    baseDir: options.baseDir,
    sourceRoot: options.sourceRoot,
    outDir: options.outDir,
    compiled: options.compiled,
    agents: options.agents.map(agentFolderName).filter(Boolean),
    extensions: sourceExtensions,
  };
  const root = options.compiled ? path.resolve(options.baseDir, normalizePath(options.outDir)) : options.baseDir;
  const filter: FileFilter = {
    baseDir: options.baseDir,
    extensions: new Set(options.compiled ? sourceExtensions.flatMap((ext) => COMPILED_EXTENSIONS[ext] ?? []) : sourceExtensions),
    ignore: absoluteExcludes(root, options.exclude),
    fs: options.fs,
  };
  const scanToken = async (token: string) => {
    const scan = planFolderScan(token, settings);
    return scan ? scanFolder(scan, filter) : [];
  };

  const tokens = options.folders.map((token) => token.trim()).filter(Boolean);
  // Planned first: a token that leads outside the base directory stops here, before any scan.
  tokens.forEach((token) => planFolderScan(token, settings));
  const found = await Promise.all(tokens.map(scanToken));
  const unmatched = tokens.filter((_, index) => found[index].length === 0);
  if (tokens.length === 0 || unmatched.length === tokens.length) {
    if (tokens.length > 0) warnings.push(NO_FOLDER_MATCHED(tokens, options.defaultFolder));
    return inPathOrder(await scanToken(options.defaultFolder), settings.agents);
  }
  if (unmatched.length > 0) warnings.push(SOME_FOLDERS_UNMATCHED(unmatched));
  return inPathOrder(found.flat(), settings.agents);
}

/**
 * One entry per file, sorted by relative path so names are stable. A file belongs to an agent
 * whichever token admitted it: the agent an agent-scoped token found it under, else the deepest
 * folder of its path named like an agent (a file token, a wildcard), so agent guards always apply.
 */
function inPathOrder(files: FunctionFile[], agents: readonly string[]): FunctionFile[] {
  const byFile = new Map<string, FunctionFile>();
  for (const found of files) {
    const agent = found.agent ?? agentInPath(found.path, agents);
    if (!byFile.get(found.file)?.agent) byFile.set(found.file, agent ? { ...found, agent } : found);
  }
  return [...byFile.values()].sort((a, b) => byCodeUnits(a.path, b.path));
}

function agentInPath(filePath: string, agents: readonly string[]): string | undefined {
  if (agents.length === 0) return undefined;
  return filePath.split('/').slice(0, -1).findLast((folder) => agents.includes(folder));
}

async function loadModuleTools(
  { file, path: modulePath }: FunctionFile,
  importTimeoutMs: number,
  warnings: string[],
  failures: Map<string, unknown>,
): Promise<ToolDraft[]> {
  try {
    const namespace = await importWithin(file, importTimeoutMs);
    if (namespace === TIMED_OUT) {
      warnings.push(MODULE_IMPORT_TIMED_OUT(modulePath, importTimeoutMs));
      return [];
    }
    const exported = moduleExports(namespace);
    if (exported.length === 0) {
      warnings.push(MODULE_WITHOUT_EXPORTS(modulePath));
      return [];
    }
    const stem = moduleStem(modulePath);
    const drafts = exported.flatMap(([name, value]) => {
      const tools = readExport({ path: modulePath, stem, name, value });
      warnings.push(...tools.warnings);
      return tools.drafts;
    });
    if (drafts.length === 0) warnings.push(MODULE_WITHOUT_TOOLS(modulePath));
    return drafts;
  } catch (error) {
    const warning = MODULE_LOAD_FAILED(modulePath);
    warnings.push(warning);
    failures.set(warning, error);
    return [];
  }
}

const TIMED_OUT = Symbol('timed out');

/**
 * Imports a module, waiting at most `timeoutMs`: a top-level await that never settles would
 * otherwise hold startup forever, or let Node exit (code 13) with nothing named. The pending
 * timer keeps the process alive until then.
 */
async function importWithin(file: string, timeoutMs: number): Promise<Record<string, unknown> | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    return await Promise.race([loadModuleFile(file), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
