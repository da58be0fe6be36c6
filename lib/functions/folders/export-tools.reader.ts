import type { NavaiFunctionDefinition } from '../../interfaces/navai-function.interface.js';
import { isDefinedNavaiTool, type DefinedNavaiTool } from '../define-navai-tool.js';
import { ANONYMOUS_DEFAULT_NAME, LEGACY_PAYLOAD_SCHEMA } from './folder-functions.constants.js';
import {
  CLASS_METHOD_DESCRIPTION,
  CLASS_WITHOUT_METHODS,
  FUNCTION_DESCRIPTION,
  OBJECT_MEMBER_DESCRIPTION,
  OBJECT_WITHOUT_MEMBERS,
} from './folder-functions.messages.js';
import { runClassMethod, runFunction, type Callable, type Constructor } from './tool-invocation.js';

/** One export of a loaded module. */
export interface ModuleExport {
  /** Module path relative to the base directory. */
  path: string;
  /** File name without extension and `.fn`. */
  stem: string;
  name: string;
  value: unknown;
}

/** A tool before it gets its unique registry name. */
export interface ToolDraft extends Omit<NavaiFunctionDefinition, 'name'> {
  /** Name before snake_case and de-duplication. */
  rawName: string;
}

export interface ExportTools {
  drafts: ToolDraft[];
  warnings: string[];
}

interface ExportReader {
  accepts(value: unknown): boolean;
  read(exported: ModuleExport): ExportTools;
}

const classReader: ExportReader = {
  accepts: isClass,
  read({ path, stem, name, value }) {
    const ClassRef = value as Constructor;
    const className = ANONYMOUS_DEFAULT_NAME.test(ClassRef.name) ? stem : ClassRef.name;
    const prototype = ClassRef.prototype as object;
    const drafts = Object.getOwnPropertyNames(prototype).flatMap((method): ToolDraft[] => {
      const member: unknown = Object.getOwnPropertyDescriptor(prototype, method)?.value;
      if (method === 'constructor' || typeof member !== 'function') return [];
      return [
        {
          rawName: `${className}_${method}`,
          description: CLASS_METHOD_DESCRIPTION(className, method),
          source: `${path}#${name}.${method}`,
          payloadSchema: LEGACY_PAYLOAD_SCHEMA,
          run: runClassMethod(ClassRef, member as Callable),
        },
      ];
    });
    return { drafts, warnings: drafts.length > 0 ? [] : [CLASS_WITHOUT_METHODS(`${path}#${name}`)] };
  },
};

const functionReader: ExportReader = {
  accepts: (value) => typeof value === 'function',
  read({ path, stem, name, value }) {
    const fn = value as Callable;
    const toolName = name !== 'default' ? name : ANONYMOUS_DEFAULT_NAME.test(fn.name) ? stem : fn.name;
    const draft: ToolDraft = {
      rawName: toolName,
      description: FUNCTION_DESCRIPTION(toolName),
      source: `${path}#${name}`,
      payloadSchema: LEGACY_PAYLOAD_SCHEMA,
      run: runFunction(fn),
    };
    return { drafts: [draft], warnings: [] };
  },
};

/** `defineNavaiTool({ parameters, run })`: one typed tool, called with the validated arguments. */
const definedToolReader: ExportReader = {
  accepts: isDefinedNavaiTool,
  read({ path, stem, name, value }) {
    const definition = value as DefinedNavaiTool;
    const { name: ownName, description, parameters, timeoutMs, hints } = definition;
    const toolName = ownName ?? (name === 'default' ? stem : name);
    const draft: ToolDraft = {
      rawName: toolName,
      description: description ?? FUNCTION_DESCRIPTION(toolName),
      source: `${path}#${name}`,
      ...(parameters !== undefined && { parameters }),
      ...(timeoutMs !== undefined && { timeoutMs }),
      ...(hints !== undefined && { hints }),
      run: (args, context) => definition.run(args, context),
    };
    return { drafts: [draft], warnings: [] };
  },
};

const objectReader: ExportReader = {
  accepts: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  read({ path, stem, name, value }) {
    const owner = name === 'default' ? stem : name;
    const drafts = Object.entries(value as object).flatMap(([member, fn]): ToolDraft[] => {
      if (typeof fn !== 'function' || isClass(fn)) return [];
      return [
        {
          rawName: `${owner}_${member}`,
          description: OBJECT_MEMBER_DESCRIPTION(owner, member),
          source: `${path}#${name}.${member}`,
          payloadSchema: LEGACY_PAYLOAD_SCHEMA,
          run: runFunction(fn as Callable, value),
        },
      ];
    });
    return { drafts, warnings: drafts.length > 0 ? [] : [OBJECT_WITHOUT_MEMBERS(`${path}#${name}`)] };
  },
};

/** The first reader that accepts an export turns it into tools; a new export kind is one more entry. */
const EXPORT_READERS: readonly ExportReader[] = [classReader, functionReader, definedToolReader, objectReader];

/** Tools for one export; values no reader accepts (strings, numbers, arrays…) give none, silently. */
export function readExport(exported: ModuleExport): ExportTools {
  const reader = EXPORT_READERS.find((candidate) => candidate.accepts(exported.value));
  return reader ? reader.read(exported) : { drafts: [], warnings: [] };
}

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^\s*class\b/.test(Function.prototype.toString.call(value));
}
