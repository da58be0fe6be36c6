/** What every tool receives beside its arguments. */
export interface NavaiToolContext {
  /** The HTTP request that asked for the call (Express or Fastify). */
  req: unknown;
  /** The user a guard or middleware put on the request, when there is one. */
  user?: unknown;
  /** The registry name of the tool being called. */
  functionName: string;
}

/** The arguments of a call: the `payload` object of the execute route. */
export type NavaiPayload = Record<string, unknown>;

/** One entry of the FunctionRegistry: a named tool the agent may call. */
export interface NavaiFunctionDefinition {
  /** snake_case name, unique in the registry. */
  name: string;
  description: string;
  /** Where it came from: `path#export[.member]` for folder tools, `Class#method` for decorated ones. */
  source: string;
  run(payload: NavaiPayload, context: NavaiToolContext): unknown;
}
