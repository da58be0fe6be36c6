import { randomUUID } from 'node:crypto';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT, TOOL_NAME_PATTERN } from '../navai.constants.js';
import {
  LATE_FAILURE_LOG,
  PAYLOAD_FORBIDDEN_KEY,
  PAYLOAD_TOO_DEEP,
  PAYLOAD_TOO_LARGE,
  TOOL_FAILED_LOG,
  UNSENDABLE_RESULT_LOG,
} from '../navai.messages.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { assertBodyWithinLimit } from '../body-limit.guard.js';
import { callWithinBounds } from './bounded-call.js';
import { ToolCallContext } from './tool-call.context.js';
import { FunctionCallError, httpExceptionMessage } from './function-call.error.js';
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

  /** The execute route: its body limit, then `run` with the body's `function_name` and `payload`. */
  execute(body: unknown, req: unknown, response?: unknown): Promise<string> {
    assertBodyWithinLimit(req, this.config.bodyLimit);
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
    const name = rawName.toLowerCase();
    if (!TOOL_NAME_PATTERN.test(name)) throw FunctionCallError.invalidName();
    const tool = this.registry.get(name);
    if (!tool) throw FunctionCallError.unknown(name, (await this.registry.usableBy(req, response)).map((usable) => usable.name));
    await this.authorize(tool, req, response);
    const payload = isRecord(rawPayload) ? rawPayload : {};
    this.checkPayload(name, payload);
    try {
      const args = tool.schema ? await this.validate(tool, payload) : payload;
      const context = new ToolCallContext(req, name, call);
      const timeoutMs = tool.timeoutMs ?? this.config.toolTimeoutMs;
      const result = await callWithinBounds(() => tool.run(args, context), context, {
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
      allowed = await tool.access(req, response);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) {
        throw FunctionCallError.forbidden(tool.name, error.getStatus(), httpExceptionMessage(error));
      }
      throw this.failure(tool.name, error);
    }
    if (!allowed) throw FunctionCallError.forbidden(tool.name);
  }

  private checkPayload(name: string, payload: Record<string, unknown>): void {
    const { maxPayloadDepth: maxDepth, maxPayloadValues: maxValues } = this.config;
    const problem = findPayloadProblem(payload, { maxDepth, maxValues });
    if (problem?.kind === 'depth') throw FunctionCallError.invalidRequest(name, PAYLOAD_TOO_DEEP(maxDepth));
    if (problem?.kind === 'size') throw FunctionCallError.invalidRequest(name, PAYLOAD_TOO_LARGE(maxValues), true);
    if (problem?.kind === 'key') throw FunctionCallError.invalidRequest(name, PAYLOAD_FORBIDDEN_KEY(problem.key));
  }

  private async validate(tool: RegisteredTool, payload: Record<string, unknown>): Promise<unknown> {
    const outcome = await tool.schema!.validate(payload);
    if (outcome.ok) return outcome.value;
    throw FunctionCallError.invalidArguments(tool.name, outcome.issues);
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

  /** Only errors a tool marks as safe reach the client; the rest are logged under a reference. */
  private failure(name: string, error: unknown): FunctionCallError {
    if (error instanceof FunctionCallError) return error;
    if (error instanceof NavaiToolError) return FunctionCallError.toolFailed(name, error.status, error.message);
    if (error instanceof HttpException && error.getStatus() >= 400 && error.getStatus() < 500) {
      return FunctionCallError.toolFailed(name, error.getStatus(), httpExceptionMessage(error));
    }
    const reference = randomUUID();
    this.logger.error(TOOL_FAILED_LOG(name, reference), thrownText(error));
    return FunctionCallError.unexpected(name, reference);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
