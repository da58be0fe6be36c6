import path from 'node:path';
import { COMPILED_EXTENSIONS } from './folder-functions.constants.js';
import type {
  FolderFunctionDefinition,
  FolderFunctionsOptions,
  FolderFunctionsResult,
} from './folder-functions.interface.js';
import {
  MODULE_LOAD_FAILED,
  MODULE_WITHOUT_EXPORTS,
  MODULE_WITHOUT_TOOLS,
  NO_FOLDER_MATCHED,
  SOME_FOLDERS_UNMATCHED,
  TOOL_NAME_SHORTENED,
  TOOL_RENAMED,
} from './folder-functions.messages.js';
import { TOOL_NAME_MAX_LENGTH } from '../../navai.constants.js';
import { absoluteExcludes, scanFolder, type FileFilter, type FunctionFile } from './folder-files.scanner.js';
import { normalizePath, planFolderScan, type FolderTokenSettings } from './folder-token.parser.js';
import { readExport, type ToolDraft } from './export-tools.reader.js';
import { byCodeUnits, moduleExports } from './module-exports.js';
import { moduleStem, ToolNames } from './tool-name.js';
import { thrownText } from '../../utils/thrown-text.js';
import { loadModuleFile } from '../../utils/package-context.cjs';

export { isCompiledRun } from './compiled-run.js';
export { FOLDER_FUNCTION_DEFAULTS } from './folder-functions.constants.js';
export type { FolderFunctionDefinition, FolderFunctionsOptions, FolderFunctionsResult } from './folder-functions.interface.js';

/** Imports the modules the folder tokens name, in path order, and turns their exports into tools. */
export async function loadFolderFunctions(options: FolderFunctionsOptions): Promise<FolderFunctionsResult> {
  const warnings: string[] = [];
  const names = new ToolNames(options.takenNames);
  const definitions: FolderFunctionDefinition[] = [];
  for (const moduleFile of await findModuleFiles(options, warnings)) {
    for (const draft of await loadModuleTools(moduleFile, warnings)) {
      const { wanted, name } = names.claim(draft.rawName);
      if (wanted.length > TOOL_NAME_MAX_LENGTH) warnings.push(TOOL_NAME_SHORTENED(wanted, name, draft.source, TOOL_NAME_MAX_LENGTH));
      else if (name !== wanted) warnings.push(TOOL_RENAMED(wanted, name, draft.source));
      const { rawName: _rawName, ...tool } = draft;
      const { file, agent } = moduleFile;
      definitions.push({ ...tool, name, file, ...(agent && { agent }) });
    }
  }
  return { definitions, warnings };
}

async function findModuleFiles(options: FolderFunctionsOptions, warnings: string[]): Promise<FunctionFile[]> {
  const sourceExtensions = options.extensions.map((extension) => extension.trim().replace(/^\./, '').toLowerCase());
  const settings: FolderTokenSettings = {
    baseDir: options.baseDir,
    sourceRoot: options.sourceRoot,
    outDir: options.outDir,
    compiled: options.compiled,
    agents: options.agents.map((agent) => normalizePath(agent).replace(/\//g, '')).filter(Boolean),
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
  const found = await Promise.all(tokens.map(scanToken));
  const unmatched = tokens.filter((_, index) => found[index].length === 0);
  if (tokens.length === 0 || unmatched.length === tokens.length) {
    if (tokens.length > 0) warnings.push(NO_FOLDER_MATCHED(tokens, options.defaultFolder));
    return inPathOrder(await scanToken(options.defaultFolder));
  }
  if (unmatched.length > 0) warnings.push(SOME_FOLDERS_UNMATCHED(unmatched));
  return inPathOrder(found.flat());
}

/** One entry per file (the first token that found it wins), sorted by relative path so names are stable. */
function inPathOrder(files: FunctionFile[]): FunctionFile[] {
  const byFile = new Map<string, FunctionFile>();
  for (const found of files) if (!byFile.has(found.file)) byFile.set(found.file, found);
  return [...byFile.values()].sort((a, b) => byCodeUnits(a.path, b.path));
}

async function loadModuleTools({ file, path: modulePath }: FunctionFile, warnings: string[]): Promise<ToolDraft[]> {
  try {
    const exported = moduleExports(await loadModuleFile(file));
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
    warnings.push(MODULE_LOAD_FAILED(modulePath, thrownText(error, false)));
    return [];
  }
}
