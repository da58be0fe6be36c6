import { SetMetadata } from '@nestjs/common';
import { NAVAI_TOOL_METADATA } from '../navai.constants.js';

export interface NavaiToolOptions {
  /** Registry name; default: the method name in snake_case. */
  name?: string;
  /** What the tool does, for the model; default: a sentence naming the method. */
  description?: string;
}

/**
 * Exposes a provider or controller method as a Navai tool. It receives the call's payload
 * and the call context (`{ req, user, functionName }`), with its instance as `this`.
 */
export const NavaiTool = (options: NavaiToolOptions = {}): MethodDecorator =>
  SetMetadata(NAVAI_TOOL_METADATA, Object.freeze({ ...options }));
