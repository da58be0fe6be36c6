import type { GuardLike, ToolAccessCheck } from '../functions/tool-guards.js';
import type { NavaiToolParameters } from '../schema/tool-schema.factory.js';
import type { JsonSchemaObject } from '../schema/tool-schema.interface.js';
import type { NavaiCallInfo } from './calls-options.interface.js';

/** What every tool receives beside its arguments. */
export interface NavaiToolContext {
  /** The HTTP request that asked for the call (Express or Fastify); for a server-side call, the one that created it (none for SIP). */
  req: unknown;
  /** The user a guard or middleware put on the request, when there is one. */
  user?: unknown;
  /** The registry name of the tool being called. */
  functionName: string;
  /** Aborts when the call times out, the client goes away or the server-side call ends. */
  signal: AbortSignal;
  /** The server-side call the tool runs in (absent on the execute route). */
  call?: NavaiCallInfo;
}

/** The arguments of a call: the `payload` object of the execute route. */
export type NavaiPayload = Record<string, unknown>;

/** MCP's tool annotations, shown to clients under `hints` (never sent to OpenAI). */
export interface NavaiToolHints {
  readOnly?: boolean;
  destructive?: boolean;
  idempotent?: boolean;
  requiresApproval?: boolean;
}

/** One entry of the FunctionRegistry: a named tool the agent may call. */
export interface NavaiFunctionDefinition {
  /** snake_case name, unique in the registry. */
  name: string;
  description: string;
  /** Where it came from: `path#export[.member]` for folder tools, `Class#method` for decorated ones. */
  source: string;
  /** Checked before every call; the tool then receives the parsed value. */
  parameters?: NavaiToolParameters;
  /** Shown to the model for a tool without `parameters`; not enforced. */
  payloadSchema?: JsonSchemaObject;
  /** Overrides the module's `toolTimeoutMs`. */
  timeoutMs?: number;
  hints?: NavaiToolHints;
  /** Nest guards that decide who may list and call the tool. */
  guards?: GuardLike[];
  /** A custom check instead of guards: may the caller of this request use the tool? */
  access?: ToolAccessCheck;
  /** Receives the validated arguments (the payload object for a tool without `parameters`). */
  run(args: any, context: NavaiToolContext): unknown;
}
