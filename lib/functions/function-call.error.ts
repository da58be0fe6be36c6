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
  RATE_LIMITED_TOOL,
  TOOL_FAILED,
  TOOL_FAILED_DETAILS,
  TOOL_TIMED_OUT,
  TOOL_TIMED_OUT_DETAILS,
  UNKNOWN_FUNCTION,
  UNKNOWN_FUNCTION_DETAILS,
} from '../navai.messages.js';
import { HttpException } from '@nestjs/common';
import type { SchemaIssue } from '../schema/tool-schema.interface.js';

/** Stable codes of the execute route's error responses. */
export type FunctionErrorCode =
  | 'MISSING_FUNCTION_NAME'
  | 'INVALID_REQUEST'
  | 'UNKNOWN_FUNCTION'
  | 'INVALID_ARGUMENTS'
  | 'FORBIDDEN'
  | 'TIMEOUT'
  | 'EXECUTION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED';

/** The error envelope of the execute route. The Navai web client relays `details` to the model. */
export interface FunctionErrorBody {
  ok: false;
  function_name?: string;
  code: FunctionErrorCode;
  error: string;
  details: string;
  [extra: string]: unknown;
}

/**
 * A failed call of the execute route, answered as its envelope by FunctionErrorFilter.
 * Each way a call can fail has its factory here, so the route's error contract lives in one place.
 */
export class FunctionCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: FunctionErrorBody,
  ) {
    super(body.error);
  }

  static missingName(): FunctionCallError {
    return new FunctionCallError(400, {
      ok: false,
      code: 'MISSING_FUNCTION_NAME',
      error: FUNCTION_NAME_REQUIRED(),
      details: FUNCTION_NAME_REQUIRED_DETAILS(),
    });
  }

  static invalidName(): FunctionCallError {
    return new FunctionCallError(400, {
      ok: false,
      code: 'INVALID_REQUEST',
      error: INVALID_FUNCTION_NAME(),
      details: INVALID_FUNCTION_NAME_DETAILS(),
    });
  }

  static unknown(name: string, available: string[]): FunctionCallError {
    return new FunctionCallError(404, {
      ok: false,
      function_name: name,
      code: 'UNKNOWN_FUNCTION',
      error: UNKNOWN_FUNCTION(),
      details: UNKNOWN_FUNCTION_DETAILS(name),
      available_functions: available,
    });
  }

  /** 403 when a guard says no; a guard's own 4xx (401, 429...) keeps its status and message. */
  static forbidden(name: string, status = 403, details = FORBIDDEN_TOOL_DETAILS(name)): FunctionCallError {
    const limited = status === 429;
    const [code, error] = limited ? (['RATE_LIMITED', RATE_LIMITED_TOOL()] as const) : (['FORBIDDEN', FORBIDDEN_TOOL()] as const);
    return new FunctionCallError(status, { ok: false, function_name: name, code, error, details });
  }

  static invalidRequest(name: string, details: string, tooLarge = false): FunctionCallError {
    return new FunctionCallError(tooLarge ? 413 : 400, {
      ok: false,
      function_name: name,
      code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'INVALID_REQUEST',
      error: INVALID_REQUEST(),
      details,
    });
  }

  static invalidArguments(name: string, issues: SchemaIssue[]): FunctionCallError {
    const problems = issues.map(({ path, message }) => (path ? `${path}: ${message}` : message));
    return new FunctionCallError(400, {
      ok: false,
      function_name: name,
      code: 'INVALID_ARGUMENTS',
      error: INVALID_ARGUMENTS(),
      details: INVALID_ARGUMENTS_DETAILS(name, problems),
      issues,
    });
  }

  static timeout(name: string, timeoutMs: number): FunctionCallError {
    return new FunctionCallError(504, {
      ok: false,
      function_name: name,
      code: 'TIMEOUT',
      error: TOOL_TIMED_OUT(),
      details: TOOL_TIMED_OUT_DETAILS(timeoutMs),
    });
  }

  /** Nobody reads this one: it is the reason the tool's signal carries. */
  static clientGone(name: string): FunctionCallError {
    return new FunctionCallError(499, { ok: false, function_name: name, code: 'EXECUTION_FAILED', error: CLIENT_GONE(), details: CLIENT_GONE() });
  }

  /** A failure the tool meant the model to read. */
  static toolFailed(name: string, status: number, details: string): FunctionCallError {
    return new FunctionCallError(status, { ok: false, function_name: name, code: 'EXECUTION_FAILED', error: TOOL_FAILED(), details });
  }

  /** Anything else: a generic answer, and a reference to the logged error. */
  static unexpected(name: string, reference: string): FunctionCallError {
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

/** What an HttpException says, as one line: its message, or its messages joined (ValidationPipe's). */
export function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

/**
 * The status of an HttpException, when it is one with a valid status (100-599); undefined for
 * anything else, including values whose prototype chain or getters throw.
 */
export function httpExceptionStatus(error: unknown): number | undefined {
  try {
    if (!(error instanceof HttpException)) return undefined;
    const status = error.getStatus();
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
  } catch {
    return undefined;
  }
}

/** A status a client may be answered with as it is: 4xx. */
export function isClientErrorStatus(status: number | undefined): status is number {
  return status !== undefined && status >= 400 && status < 500;
}
