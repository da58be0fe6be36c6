import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { NAVAI_TOOL_METADATA } from '../navai.constants.js';
import type { NavaiToolHints } from '../interfaces/navai-function.interface.js';
import type { GuardLike } from './tool-guards.js';
import type { NavaiToolParameters } from '../schema/tool-schema.factory.js';

export interface NavaiToolOptions {
  /** Registry name; default: the method name in snake_case. */
  name?: string;
  /** What the tool does, for the model; default: a sentence naming the method. */
  description?: string;
  /** A class-validator DTO class, a Standard Schema (zod, valibot, arktype) or a JSON Schema object. */
  parameters?: NavaiToolParameters;
  /** Overrides the module's `toolTimeoutMs`. */
  timeoutMs?: number;
  hints?: NavaiToolHints;
  /** Same as `@UseGuards(...)` on the method: callers the guards refuse neither see nor run the tool. */
  guards?: GuardLike[];
}

/**
 * Exposes a provider or controller method as a Navai tool, called with its instance as `this`.
 * It receives the validated arguments (the DTO instance, or the schema's parsed output; the
 * payload object when it declares no `parameters`) and the call context.
 */
export const NavaiTool = (options: NavaiToolOptions = {}): MethodDecorator => {
  const { guards, ...metadata } = options;
  const stored = SetMetadata(NAVAI_TOOL_METADATA, Object.freeze(metadata));
  return guards?.length ? applyDecorators(stored, UseGuards(...guards)) : stored;
};
