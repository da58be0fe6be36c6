import { Injectable } from '@nestjs/common';
import { TOOL_NAME_PATTERN } from '../navai.constants.js';
import { INVALID_TOOL_NAME, TOOL_NAME_TAKEN } from '../navai.messages.js';
import type { NavaiFunctionDefinition } from '../interfaces/navai-function.interface.js';

/** A tool registered at runtime; `source` defaults to `runtime`. */
export type NavaiToolRegistration = Omit<NavaiFunctionDefinition, 'source' | 'description'> &
  Partial<Pick<NavaiFunctionDefinition, 'source' | 'description'>>;

/** Every tool the agent may call, by name. Filled at startup; tools can be added and removed at runtime. */
@Injectable()
export class FunctionRegistry {
  private readonly tools = new Map<string, NavaiFunctionDefinition>();
  private readonly startupWarnings: string[] = [];

  /** Tools in registration order: decorated ones first, then folder tools in path order. */
  list(): NavaiFunctionDefinition[] {
    return [...this.tools.values()];
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  get(name: string): NavaiFunctionDefinition | undefined {
    return this.tools.get(name);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  /** Adds a tool; a name that is invalid or already taken throws. */
  register(tool: NavaiToolRegistration): NavaiFunctionDefinition {
    const source = tool.source ?? 'runtime';
    if (typeof tool.name !== 'string' || !TOOL_NAME_PATTERN.test(tool.name)) {
      throw new Error(INVALID_TOOL_NAME(String(tool.name), source));
    }
    if (this.tools.has(tool.name)) throw new Error(TOOL_NAME_TAKEN(tool.name, source));
    const definition = Object.freeze({ ...tool, source, description: tool.description ?? `Call ${tool.name}.` });
    this.tools.set(definition.name, definition);
    return definition;
  }

  /** Removes a tool; false when there was none by that name. */
  unregister(name: string): boolean {
    return this.tools.delete(name);
  }

  /** What startup noticed about the tools (unmatched folders, renamed or broken modules). */
  get warnings(): readonly string[] {
    return this.startupWarnings;
  }

  addWarnings(warnings: readonly string[]): void {
    this.startupWarnings.push(...warnings);
  }
}
