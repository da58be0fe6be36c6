import { Injectable, Logger } from '@nestjs/common';
import { NAVAI_LOGGER_CONTEXT, TIMEOUT_RANGE, TOOL_NAME_PATTERN } from '../navai.constants.js';
import { ACCESS_CHECK_FAILED_LOG, INVALID_TOOL_NAME, INVALID_TOOL_TIMEOUT, TOOL_NAME_TAKEN } from '../navai.messages.js';
import type { NavaiFunctionDefinition } from '../interfaces/navai-function.interface.js';
import type { RealtimeFunctionTool } from '../interfaces/realtime-session.interface.js';
import { createToolSchema } from '../schema/tool-schema.factory.js';
import type { JsonSchemaObject, ToolSchema } from '../schema/tool-schema.interface.js';
import { httpExceptionStatus } from './function-call.error.js';
import { ToolGuards } from './tool-guards.js';
import { thrownText } from '../utils/thrown-text.js';

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
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);
  private readonly tools = new Map<string, RegisteredTool>();
  private readonly startupWarnings: string[] = [];
  private changes = 0;

  constructor(private readonly toolGuards: ToolGuards) {}

  /** Grows with every change of the tools or the warnings: what was derived from an older revision is stale. */
  get revision(): number {
    return this.changes;
  }

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

  /** Adds a tool; a name that is invalid or taken, a `timeoutMs` out of range, or parameters that cannot be resolved, throw. */
  register(tool: NavaiToolRegistration): RegisteredTool {
    const source = tool.source ?? 'runtime';
    if (typeof tool.name !== 'string' || !TOOL_NAME_PATTERN.test(tool.name)) {
      throw new Error(INVALID_TOOL_NAME(String(tool.name), source));
    }
    if (this.tools.has(tool.name)) throw new Error(TOOL_NAME_TAKEN(tool.name, source));
    const { timeoutMs } = tool;
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= TIMEOUT_RANGE.min && timeoutMs <= TIMEOUT_RANGE.max)) {
      throw new Error(INVALID_TOOL_TIMEOUT(tool.name, source, timeoutMs, TIMEOUT_RANGE));
    }
    const schema = tool.parameters === undefined ? undefined : createToolSchema(tool.parameters, `${tool.name} (${source})`);
    const access = tool.access ?? this.toolGuards.forGuards(tool.guards, tool.name);
    const registered: RegisteredTool = Object.freeze({
      ...tool,
      ...(access && { access }),
      source,
      description: tool.description ?? `Call ${tool.name}.`,
      jsonSchema: schema?.jsonSchema ?? tool.payloadSchema ?? ANY_OBJECT,
      ...(schema && { schema }),
    });
    this.tools.set(registered.name, registered);
    this.changes++;
    return registered;
  }

  /**
   * The tools the caller of this request may use: those without guards, and those whose guards
   * let it through. Without a request (a SIP call) no guard has admitted anyone: only unguarded tools.
   * The guards run for listing (`isToolListing(context)` is true).
   */
  async usableBy(req: unknown, res?: unknown): Promise<RegisteredTool[]> {
    const tools = this.list();
    if (!tools.some((tool) => tool.access)) return tools;
    if (req === undefined) return tools.filter((tool) => !tool.access);
    const allowed = await Promise.all(tools.map((tool) => this.mayUse(tool, req, res)));
    return tools.filter((_, index) => allowed[index]);
  }

  /** A refusal (false, or an HttpException under 500 a guard threw) hides the tool; anything else hides it too, and is logged. */
  private async mayUse(tool: RegisteredTool, req: unknown, res: unknown): Promise<boolean> {
    if (!tool.access) return true;
    try {
      return Boolean(await tool.access(req, res, 'list'));
    } catch (error) {
      const status = httpExceptionStatus(error);
      if (status === undefined || status >= 500) this.logger.error(ACCESS_CHECK_FAILED_LOG(tool.name), thrownText(error));
      return false;
    }
  }

  /** Removes a tool; false when there was none by that name. */
  unregister(name: string): boolean {
    const removed = this.tools.delete(name);
    if (removed) this.changes++;
    return removed;
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
    this.changes++;
  }
}
