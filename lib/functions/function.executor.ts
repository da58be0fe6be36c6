import { randomUUID } from 'node:crypto';
import { type HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { CALLED_NAME_PATTERN, NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import {
  LATE_FAILURE_LOG,
  PAYLOAD_FORBIDDEN_KEY,
  PAYLOAD_TOO_DEEP,
  PAYLOAD_TOO_LARGE,
  TOOL_FAILED_LOG,
  UNSENDABLE_RESULT_LOG,
} from '../navai.messages.js';
import type { NavaiConfig } from '../config/navai-config.js';
import type { SchemaResult } from '../schema/tool-schema.interface.js';
import { assertJsonBody } from '../json-body.guard.js';
import { callWithinBounds, isThenable } from './bounded-call.js';
import { ToolCallContext } from './tool-call.context.js';
import { FunctionCallError, httpExceptionMessage, httpExceptionStatus, isClientErrorStatus } from './function-call.error.js';
import { FunctionRegistry, type RegisteredTool } from './function.registry.js';
import { NavaiToolError } from './navai-tool.error.js';
import { findPayloadProblem } from './payload-limits.js';
import { thrownText } from '../utils/thrown-text.js';
import type { NavaiCallInfo } from '../interfaces/calls-options.interface.js';

/** One tool call, whatever carried it. */
export interface ToolInvocation {
  /** The tool's name as the caller wrote it: trimmed and lower-cased, then looked up. */
  name: unknown;
  /** The arguments object; anything else counts as `{}`. */
  payload: unknown;
  /** The HTTP request whose caller the tool's guards judge (for a call: the request that created it). */
  req: unknown;
  /** The route's response, to notice a client that goes away. */
  response?: unknown;
  /** The server-side call the tool runs in. */
  call?: NavaiCallInfo;
  /** Stops the call when it aborts (the call it runs in has ended). */
  signal?: AbortSignal;
}

export interface FunctionCallResult {
  ok: true;
  function_name: string;
  source: string;
  result: unknown;
}

/**
 * Runs one registry tool for the execute route and for server-side calls: the name is looked up, never trusted; the caller
 * is authorized and the arguments validated before the tool runs; the call is bounded in time;
 * only errors the tool marks as safe reach the client.
 */
@Injectable()
export class FunctionExecutor {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);

  constructor(
    private readonly registry: FunctionRegistry,
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
  ) {}

  /** The execute route: its content type and body limit, then `run` with the body's `function_name` and `payload`. */
  execute(body: unknown, req: unknown, response?: unknown): Promise<string> {
    assertJsonBody(req, this.config.bodyLimit);
    const input = isRecord(body) ? body : {};
    return this.run({ name: input.function_name, payload: input.payload, req, response });
  }

  /**
   * Runs one call from any transport (the execute route, a call's sideband) and answers the
   * success envelope, already serialized: a result JSON cannot carry fails here, cleanly. Every
   * failure is a FunctionCallError whose `body` is the error envelope.
   */
  async run({ name: given, payload: rawPayload, req, response, call, signal }: ToolInvocation): Promise<string> {
    const rawName = typeof given === 'string' ? given.trim() : '';
    if (!rawName) throw FunctionCallError.missingName();
    // Checked before folding case: some characters (U+212A, the Kelvin sign) lower-case to ASCII.
    if (!CALLED_NAME_PATTERN.test(rawName)) throw FunctionCallError.invalidName();
    const name = rawName.toLowerCase();
    const tool = this.registry.get(name);
    if (!tool) throw FunctionCallError.unknown(name, (await this.registry.usableBy(req, response)).map((usable) => usable.name));
    await this.authorize(tool, req, response);
    const payload = isRecord(rawPayload) ? rawPayload : {};
    this.checkPayload(name, payload);
    try {
      const context = new ToolCallContext(req, name, call);
      const timeoutMs = tool.timeoutMs ?? this.config.toolTimeoutMs;
      // Validation runs within the bounds too: an async validator that never settles times out.
      const result = await callWithinBounds(() => this.validateAndRun(tool, payload, context), context, {
        timeoutMs,
        response,
        signal,
        timedOut: () => FunctionCallError.timeout(name, timeoutMs),
        clientGone: () => FunctionCallError.clientGone(name),
        onLateFailure: (error) => this.logger.warn(LATE_FAILURE_LOG(name), thrownText(error)),
      });
      return this.serialize(tool, result);
    } catch (error) {
      throw this.failure(name, error);
    }
  }

  private async authorize(tool: RegisteredTool, req: unknown, response: unknown): Promise<void> {
    if (!tool.access) return;
    // No request (a SIP call): no guard has admitted anyone.
    if (req === undefined) throw FunctionCallError.forbidden(tool.name);
    let allowed: boolean;
    try {
      allowed = await tool.access(req, response, 'call');
    } catch (error) {
      throw this.refusal(tool.name, error);
    }
    if (!allowed) throw FunctionCallError.forbidden(tool.name);
  }

  /** A guard's 4xx keeps its status and message; its exception with a status under 400 (a redirect) is a 403; anything else a failure. */
  private refusal(name: string, error: unknown): FunctionCallError {
    const status = httpExceptionStatus(error);
    try {
      if (isClientErrorStatus(status)) return FunctionCallError.forbidden(name, status, httpExceptionMessage(error as HttpException));
    } catch {
      // An exception whose message cannot be read: answered as a failure.
    }
    if (status !== undefined && status < 400) return FunctionCallError.forbidden(name);
    return this.failure(name, error);
  }

  private checkPayload(name: string, payload: Record<string, unknown>): void {
    const { maxPayloadDepth: maxDepth, maxPayloadValues: maxValues } = this.config;
    const problem = findPayloadProblem(payload, { maxDepth, maxValues });
    if (problem?.kind === 'depth') throw FunctionCallError.invalidRequest(name, PAYLOAD_TOO_DEEP(maxDepth));
    if (problem?.kind === 'size') throw FunctionCallError.invalidRequest(name, PAYLOAD_TOO_LARGE(maxValues), true);
    if (problem?.kind === 'key') throw FunctionCallError.invalidRequest(name, PAYLOAD_FORBIDDEN_KEY(problem.key));
  }

  /** Synchronous all the way when the schema and the tool are. */
  private validateAndRun(tool: RegisteredTool, payload: Record<string, unknown>, context: ToolCallContext): unknown {
    if (!tool.schema) return tool.run(payload, context);
    const outcome = tool.schema.validate(payload);
    if (isThenable(outcome)) return Promise.resolve(outcome).then((settled) => tool.run(validArguments(tool, settled), context));
    return tool.run(validArguments(tool, outcome), context);
  }

  private serialize(tool: RegisteredTool, result: unknown): string {
    const envelope: FunctionCallResult = { ok: true, function_name: tool.name, source: tool.source, result };
    try {
      return JSON.stringify(envelope);
    } catch (error) {
      const reference = randomUUID();
      this.logger.error(UNSENDABLE_RESULT_LOG(tool.name, reference), thrownText(error));
      throw FunctionCallError.unexpected(tool.name, reference);
    }
  }

  /** Only errors a tool marks as safe reach the client; the rest, whatever was thrown, are logged under a reference. */
  private failure(name: string, error: unknown): FunctionCallError {
    try {
      if (error instanceof FunctionCallError) return error;
      if (error instanceof NavaiToolError) return FunctionCallError.toolFailed(name, error.status, String(error.message));
      const status = httpExceptionStatus(error);
      if (isClientErrorStatus(status)) return FunctionCallError.toolFailed(name, status, httpExceptionMessage(error as HttpException));
    } catch {
      // A value whose prototype chain or getters throw (a hostile Proxy, a revoked one): logged below.
    }
    const reference = randomUUID();
    this.logger.error(TOOL_FAILED_LOG(name, reference), thrownText(error));
    return FunctionCallError.unexpected(name, reference);
  }
}

function validArguments(tool: RegisteredTool, outcome: SchemaResult): unknown {
  if (outcome.ok) return outcome.value;
  throw FunctionCallError.invalidArguments(tool.name, outcome.issues);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
