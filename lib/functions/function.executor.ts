import { randomUUID } from 'node:crypto';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import { NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import {
  FUNCTION_NAME_REQUIRED,
  FUNCTION_NAME_REQUIRED_DETAILS,
  TOOL_FAILED,
  TOOL_FAILED_DETAILS,
  TOOL_FAILED_LOG,
  UNKNOWN_FUNCTION,
  UNKNOWN_FUNCTION_DETAILS,
} from '../navai.messages.js';
import type { NavaiPayload, NavaiToolContext } from '../interfaces/navai-function.interface.js';
import { FunctionCallError } from './function-call.error.js';
import { FunctionRegistry } from './function.registry.js';
import { NavaiToolError } from './navai-tool.error.js';

export interface FunctionCallResult {
  ok: true;
  function_name: string;
  source: string;
  result: unknown;
}

/** Runs one registry tool for the execute route: the name is looked up, never trusted. */
@Injectable()
export class FunctionExecutor {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);

  constructor(private readonly registry: FunctionRegistry) {}

  async execute(body: unknown, req: unknown): Promise<FunctionCallResult> {
    const input = isRecord(body) ? body : {};
    const name = typeof input.function_name === 'string' ? input.function_name.trim().toLowerCase() : '';
    if (!name) {
      throw new FunctionCallError(400, {
        ok: false,
        code: 'MISSING_FUNCTION_NAME',
        error: FUNCTION_NAME_REQUIRED(),
        details: FUNCTION_NAME_REQUIRED_DETAILS(),
      });
    }
    const tool = this.registry.get(name);
    if (!tool) {
      throw new FunctionCallError(404, {
        ok: false,
        function_name: name,
        code: 'UNKNOWN_FUNCTION',
        error: UNKNOWN_FUNCTION(),
        details: UNKNOWN_FUNCTION_DETAILS(name),
        available_functions: this.registry.names(),
      });
    }
    const payload: NavaiPayload = isRecord(input.payload) ? input.payload : {};
    const context: NavaiToolContext = { req, user: (req as { user?: unknown } | undefined)?.user, functionName: name };
    try {
      const result = await tool.run(payload, context);
      return { ok: true, function_name: name, source: tool.source, result };
    } catch (error) {
      throw this.failure(name, error);
    }
  }

  /** Only errors a tool marks as safe reach the client; the rest are logged under a reference. */
  private failure(name: string, error: unknown): FunctionCallError {
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
    this.logger.error(TOOL_FAILED_LOG(name, reference), error instanceof Error ? error.stack : String(error));
    return new FunctionCallError(500, {
      ok: false,
      function_name: name,
      code: 'EXECUTION_FAILED',
      error: TOOL_FAILED(),
      details: TOOL_FAILED_DETAILS(reference),
      correlation_id: reference,
    });
  }
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
