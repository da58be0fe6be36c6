import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FOLDER_FUNCTION_DEFAULTS,
  loadFolderFunctions,
  type FolderFunctionsOptions,
  type FolderFunctionsResult,
} from '../../../lib/functions/folders/folder-functions.loader.js';
import type { NavaiToolContext } from '../../../lib/interfaces/navai-function.interface.js';

export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/folders/${name}`, import.meta.url));

export function folderOptions(baseDir: string, overrides: Partial<FolderFunctionsOptions> = {}): FolderFunctionsOptions {
  return { ...FOLDER_FUNCTION_DEFAULTS, baseDir, folders: [], agents: [], compiled: false, takenNames: new Set(), ...overrides };
}

export const load = (baseDir: string, overrides: Partial<FolderFunctionsOptions> = {}) =>
  loadFolderFunctions(folderOptions(baseDir, overrides));

/** name, source and (when set) agent of each definition, in order. */
export const summary = ({ definitions }: FolderFunctionsResult) =>
  definitions.map(({ name, source, agent }) => (agent ? { name, source, agent } : { name, source }));

export const namesOf = ({ definitions }: FolderFunctionsResult) => definitions.map(({ name }) => name);

export function tool({ definitions }: FolderFunctionsResult, name: string) {
  const found = definitions.find((definition) => definition.name === name);
  if (!found) throw new Error(`No tool ${name} in ${definitions.map((definition) => definition.name).join(', ')}`);
  return found;
}

export const context = (functionName = 'test'): NavaiToolContext => ({
  req: { url: '/navai/functions/execute' },
  functionName,
  signal: new AbortController().signal,
});

/** A fresh directory under the OS temp dir holding `files` (relative path → content). */
export async function tempTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'navai-folders-'));
  await writeTree(root, files);
  return root;
}

export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

export const removeTree = (root: string) => rm(root, { recursive: true, force: true });

/** A module exporting one function `name` that returns `result`. */
export const fnModule = (name: string, result = name) => `export function ${name}() {\n  return ${JSON.stringify(result)};\n}\n`;
