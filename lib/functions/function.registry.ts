import { Injectable } from '@nestjs/common';
import { TOOL_NAME_PATTERN } from '../navai.constants.js';
import { INVALID_TOOL_NAME, TOOL_NAME_TAKEN } from '../navai.messages.js';
import type { NavaiFunctionDefinition } from '../interfaces/navai-function.interface.js';
import type { RealtimeFunctionTool } from '../interfaces/realtime-session.interface.js';
import { createToolSchema } from '../schema/tool-schema.factory.js';
import type { JsonSchemaObject, ToolSchema } from '../schema/tool-schema.interface.js';

/** A tool registered at runtime; `source` defaults to `runtime`. */
export type NavaiToolRegistration = Omit<NavaiFunctionDefinition, 'source' | 'description'> &
  Partial<Pick<NavaiFunctionDefinition, 'source' | 'description'>>;

/** A registry entry: the definition, with its parameters resolved once. */
export interface RegisteredTool extends Readonly<NavaiFunctionDefinition> {
  /** The JSON Schema the model is shown. */
  readonly jsonSchema: JsonSchemaObject;
  /** Checks and parses a call's arguments; absent for a tool without `parameters`. */
  readonly schema?: ToolSchema;
}

/** Shown for a tool without parameters: any object. */
const ANY_OBJECT: JsonSchemaObject = Object.freeze({ type: 'object', properties: {}, additionalProperties: true });

/** Every tool the agent may call, by name. Filled at startup; tools can be added and removed at runtime. */
@Injectable()
export class FunctionRegistry {
  private readonly tools = new Map<string, RegisteredTool>();
  private readonly startupWarnings: string[] = [];

  /** Tools in registration order: decorated ones first, then folder tools in path order. */
  list(): RegisteredTool[] {
    return [...this.tools.values()];
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  get(name: string): RegisteredTool | undefined {
    return this.tools.get(name);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  /** Adds a tool; a name that is invalid or taken, or parameters that cannot be resolved, throw. */
  register(tool: NavaiToolRegistration): RegisteredTool {
    const source = tool.source ?? 'runtime';
    if (typeof tool.name !== 'string' || !TOOL_NAME_PATTERN.test(tool.name)) {
      throw new Error(INVALID_TOOL_NAME(String(tool.name), source));
    }
    if (this.tools.has(tool.name)) throw new Error(TOOL_NAME_TAKEN(tool.name, source));
    const schema = tool.parameters === undefined ? undefined : createToolSchema(tool.parameters, `${tool.name} (${source})`);
    const registered: RegisteredTool = Object.freeze({
      ...tool,
      source,
      description: tool.description ?? `Call ${tool.name}.`,
      jsonSchema: schema?.jsonSchema ?? tool.payloadSchema ?? ANY_OBJECT,
      ...(schema && { schema }),
    });
    this.tools.set(registered.name, registered);
    return registered;
  }

  /** Removes a tool; false when there was none by that name. */
  unregister(name: string): boolean {
    return this.tools.delete(name);
  }

  /** The tools in the shape of Realtime session tools, for `session.tools` or a server-side agent. */
  toRealtimeTools(tools: readonly RegisteredTool[] = this.list()): RealtimeFunctionTool[] {
    return tools.map(({ name, description, jsonSchema }) => ({ type: 'function', name, description, parameters: jsonSchema }));
  }

  /** What startup noticed about the tools (unmatched folders, renamed or broken modules). */
  get warnings(): readonly string[] {
    return this.startupWarnings;
  }

  addWarnings(warnings: readonly string[]): void {
    this.startupWarnings.push(...warnings);
  }
}
