import { randomUUID } from 'node:crypto';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import {
  CLIENT_GONE,
  FORBIDDEN_TOOL,
  FORBIDDEN_TOOL_DETAILS,
  FUNCTION_NAME_REQUIRED,
  FUNCTION_NAME_REQUIRED_DETAILS,
  INVALID_ARGUMENTS,
  INVALID_ARGUMENTS_DETAILS,
  INVALID_FUNCTION_NAME,
  INVALID_FUNCTION_NAME_DETAILS,
  INVALID_REQUEST,
  PAYLOAD_FORBIDDEN_KEY,
  PAYLOAD_TOO_DEEP,
  PAYLOAD_TOO_LARGE,
  LATE_FAILURE_LOG,
  TOOL_FAILED,
  TOOL_FAILED_DETAILS,
  TOOL_FAILED_LOG,
  TOOL_TIMED_OUT,
  TOOL_TIMED_OUT_DETAILS,
  UNKNOWN_FUNCTION,
  UNKNOWN_FUNCTION_DETAILS,
  UNSENDABLE_RESULT_LOG,
} from '../navai.messages.js';
import type { NavaiConfig } from '../config/navai-config.js';
import type { NavaiToolContext } from '../interfaces/navai-function.interface.js';
import type { SchemaIssue } from '../schema/tool-schema.interface.js';
import { FunctionCallError } from './function-call.error.js';
import { FunctionRegistry, type RegisteredTool } from './function.registry.js';
import { NavaiToolError } from './navai-tool.error.js';
import { findPayloadProblem } from './payload-limits.js';

export interface FunctionCallResult {
  ok: true;
  function_name: string;
  source: string;
  result: unknown;
}

/** The raw Node response (Express's `res`, Fastify's `reply.raw`): it tells when the client went away. */
interface RawResponse {
  writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/**
 * Runs one registry tool for the execute route: the name is looked up, never trusted; the
 * arguments are validated before the tool runs; the call is bounded in time; only errors the
 * tool marks as safe reach the client.
 */
@Injectable()
export class FunctionExecutor {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);

  constructor(
    private readonly registry: FunctionRegistry,
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
  ) {}

  /** Answers the success envelope, already serialized: a result JSON cannot carry fails here, cleanly. */
  async execute(body: unknown, req: unknown, response?: unknown): Promise<string> {
    const input = isRecord(body) ? body : {};
    const rawName = typeof input.function_name === 'string' ? input.function_name.trim() : '';
    if (!rawName) {
      throw new FunctionCallError(400, {
        ok: false,
        code: 'MISSING_FUNCTION_NAME',
        error: FUNCTION_NAME_REQUIRED(),
        details: FUNCTION_NAME_REQUIRED_DETAILS(),
      });
    }
    if (!FUNCTION_NAME.test(rawName)) {
      throw new FunctionCallError(400, {
        ok: false,
        code: 'INVALID_REQUEST',
        error: INVALID_FUNCTION_NAME(),
        details: INVALID_FUNCTION_NAME_DETAILS(),
      });
    }
    const name = rawName.toLowerCase();
    const tool = this.registry.get(name);
    if (!tool) {
      throw new FunctionCallError(404, {
        ok: false,
        function_name: name,
        code: 'UNKNOWN_FUNCTION',
        error: UNKNOWN_FUNCTION(),
        details: UNKNOWN_FUNCTION_DETAILS(name),
        available_functions: (await this.registry.usableBy(req, response)).map((usable) => usable.name),
      });
    }
    await this.authorize(tool, req, response);
    const payload = isRecord(input.payload) ? input.payload : {};
    this.checkPayload(name, payload);
    try {
      const args = tool.schema ? await this.validate(tool, payload) : payload;
      const result = await this.invoke(tool, args, req, response);
      return this.serialize(tool, result);
    } catch (error) {
      throw this.failure(name, error);
    }
  }

  /** A guard that says no answers 403; one that throws a 4xx (401...) answers with its status and message. */
  private async authorize(tool: RegisteredTool, req: unknown, response: unknown): Promise<void> {
    if (!tool.access) return;
    let allowed: boolean;
    let status = 403;
    let details = FORBIDDEN_TOOL_DETAILS(tool.name);
    try {
      allowed = await tool.access(req, response);
    } catch (error) {
      if (!(error instanceof HttpException && error.getStatus() < 500)) throw this.failure(tool.name, error);
      [allowed, status, details] = [false, error.getStatus(), httpExceptionMessage(error)];
    }
    if (!allowed) {
      throw new FunctionCallError(status, { ok: false, function_name: tool.name, code: 'FORBIDDEN', error: FORBIDDEN_TOOL(), details });
    }
  }

  private checkPayload(name: string, payload: Record<string, unknown>): void {
    const { maxPayloadDepth: maxDepth, maxPayloadValues: maxValues } = this.config;
    const problem = findPayloadProblem(payload, { maxDepth, maxValues });
    if (!problem) return;
    const details =
      problem.kind === 'depth' ? PAYLOAD_TOO_DEEP(maxDepth) : problem.kind === 'size' ? PAYLOAD_TOO_LARGE(maxValues) : PAYLOAD_FORBIDDEN_KEY(problem.key);
    const tooLarge = problem.kind === 'size';
    throw new FunctionCallError(tooLarge ? 413 : 400, {
      ok: false,
      function_name: name,
      code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'INVALID_REQUEST',
      error: INVALID_REQUEST(),
      details,
    });
  }

  private async validate(tool: RegisteredTool, payload: Record<string, unknown>): Promise<unknown> {
    const outcome = await tool.schema!.validate(payload);
    if (outcome.ok) return outcome.value;
    const issues = outcome.issues;
    throw new FunctionCallError(400, {
      ok: false,
      function_name: tool.name,
      code: 'INVALID_ARGUMENTS',
      error: INVALID_ARGUMENTS(),
      details: INVALID_ARGUMENTS_DETAILS(tool.name, issues.map(describeIssue)),
      issues,
    });
  }

  /** Bounded by the tool's timeout and by the client: the signal fires on either, and a late result is dropped. */
  private invoke(tool: RegisteredTool, args: unknown, req: unknown, response: unknown): Promise<unknown> {
    const timeoutMs = tool.timeoutMs ?? this.config.toolTimeoutMs;
    const controller = new AbortController();
    const context: NavaiToolContext = {
      req,
      user: (req as { user?: unknown } | undefined)?.user,
      functionName: tool.name,
      signal: controller.signal,
    };
    const call = new Promise<unknown>((resolve) => resolve(tool.run(args, context)));
    const raw = rawResponse(response);
    let timer: NodeJS.Timeout | undefined;
    let onClose: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      const stop = (error: FunctionCallError) => {
        controller.abort(error);
        reject(error);
      };
      timer = setTimeout(() => stop(timeoutError(tool.name, timeoutMs)), timeoutMs);
      onClose = () => {
        if (!raw!.writableFinished) stop(clientGoneError(tool.name));
      };
      raw?.once('close', onClose);
    });
    call.catch((error: unknown) => {
      if (controller.signal.aborted) this.logger.warn(LATE_FAILURE_LOG(tool.name), errorText(error));
    });
    return Promise.race([call, stopped]).finally(() => {
      clearTimeout(timer);
      if (onClose) raw?.off('close', onClose);
    });
  }

  private serialize(tool: RegisteredTool, result: unknown): string {
    const envelope: FunctionCallResult = { ok: true, function_name: tool.name, source: tool.source, result };
    try {
      return JSON.stringify(envelope);
    } catch (error) {
      const reference = randomUUID();
      this.logger.error(UNSENDABLE_RESULT_LOG(tool.name, reference), errorText(error));
      throw unexpectedFailure(tool.name, reference);
    }
  }

  /** Only errors a tool marks as safe reach the client; the rest are logged under a reference. */
  private failure(name: string, error: unknown): FunctionCallError {
    if (error instanceof FunctionCallError) return error;
    const safeStatus =
      error instanceof NavaiToolError
        ? error.status
        : error instanceof HttpException && error.getStatus() >= 400 && error.getStatus() < 500
          ? error.getStatus()
          : undefined;
    if (safeStatus !== undefined) {
      const details = error instanceof HttpException ? httpExceptionMessage(error) : (error as Error).message;
      return new FunctionCallError(safeStatus, { ok: false, function_name: name, code: 'EXECUTION_FAILED', error: TOOL_FAILED(), details });
    }
    const reference = randomUUID();
    this.logger.error(TOOL_FAILED_LOG(name, reference), errorText(error));
    return unexpectedFailure(name, reference);
  }
}

/** What the execute route accepts as a name, before it is lower-cased; OpenAI's own limit is 64. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function unexpectedFailure(name: string, reference: string): FunctionCallError {
  return new FunctionCallError(500, {
    ok: false,
    function_name: name,
    code: 'EXECUTION_FAILED',
    error: TOOL_FAILED(),
    details: TOOL_FAILED_DETAILS(reference),
    correlation_id: reference,
  });
}

function timeoutError(name: string, timeoutMs: number): FunctionCallError {
  const details = TOOL_TIMED_OUT_DETAILS(timeoutMs);
  return new FunctionCallError(504, { ok: false, function_name: name, code: 'TIMEOUT', error: TOOL_TIMED_OUT(), details });
}

function clientGoneError(name: string): FunctionCallError {
  return new FunctionCallError(499, { ok: false, function_name: name, code: 'EXECUTION_FAILED', error: CLIENT_GONE(), details: CLIENT_GONE() });
}

function rawResponse(response: unknown): RawResponse | undefined {
  const raw = (response as { raw?: unknown } | undefined)?.raw ?? response;
  return typeof (raw as RawResponse | undefined)?.once === 'function' ? (raw as RawResponse) : undefined;
}

function describeIssue({ path, message }: SchemaIssue): string {
  return path ? `${path}: ${message}` : message;
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
