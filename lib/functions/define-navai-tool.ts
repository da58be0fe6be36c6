import type { NavaiToolContext, NavaiToolHints } from '../interfaces/navai-function.interface.js';
import type { NavaiToolParameters } from '../schema/tool-schema.factory.js';

// A registered symbol, so tools defined against another copy of this package are still recognized.
export const NAVAI_TOOL_BRAND = Symbol.for('nestjs-navai.tool');

export interface NavaiToolDefinition<Args = any> {
  /** Default: the export's name (a default export: the file's stem). */
  name?: string;
  description?: string;
  parameters?: NavaiToolParameters;
  timeoutMs?: number;
  hints?: NavaiToolHints;
  run(args: Args, context: NavaiToolContext): unknown;
}

export type DefinedNavaiTool<Args = any> = Readonly<NavaiToolDefinition<Args>> & { readonly [NAVAI_TOOL_BRAND]: true };

/**
 * Declares a typed tool in a folder module: `export const getOrder = defineNavaiTool({ parameters, run })`.
 * One export, one tool; `run` receives the validated arguments and the call context.
 */
export function defineNavaiTool<Args = any>(definition: NavaiToolDefinition<Args>): DefinedNavaiTool<Args> {
  return Object.freeze({ ...definition, [NAVAI_TOOL_BRAND]: true as const });
}

export function isDefinedNavaiTool(value: unknown): value is DefinedNavaiTool {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[NAVAI_TOOL_BRAND] === true;
}
