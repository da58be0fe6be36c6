import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import { FORBIDDEN_TOOL, REQUEST_FAILED } from '../navai.messages.js';
import { thrownText } from '../utils/thrown-text.js';
import {
  FunctionCallError,
  httpExceptionMessage,
  httpExceptionStatus,
  isClientErrorStatus,
  type FunctionErrorBody,
  type FunctionErrorCode,
} from './function-call.error.js';

const CODES: Record<number, FunctionErrorCode> = {
  403: 'FORBIDDEN',
  401: 'FORBIDDEN',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/**
 * Answers every failure of the execute route in its own envelope, so the contract holds
 * whatever filters the app installs globally: tool errors, and guards', pipes' and Nest's own.
 * Only 4xx statuses pass through: an exception with a status under 400 (a guard's redirect) is a
 * refusal, 403; anything else is the generic 500.
 */
@Catch()
export class FunctionErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = this.envelope(exception);
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, status);
  }

  private envelope(exception: unknown): { status: number; body: FunctionErrorBody } {
    try {
      if (exception instanceof FunctionCallError) return exception;
      const status = httpExceptionStatus(exception);
      if (isClientErrorStatus(status)) {
        const details = httpExceptionMessage(exception as HttpException);
        return { status, body: { ok: false, code: CODES[status] ?? 'INVALID_REQUEST', error: details, details } };
      }
      if (status !== undefined && status < 400) {
        return { status: 403, body: { ok: false, code: 'FORBIDDEN', error: FORBIDDEN_TOOL(), details: FORBIDDEN_TOOL() } };
      }
    } catch {
      // A value whose prototype chain or getters throw: the generic answer below.
    }
    this.logger.error(REQUEST_FAILED(), thrownText(exception));
    return { status: 500, body: { ok: false, code: 'EXECUTION_FAILED', error: REQUEST_FAILED(), details: REQUEST_FAILED() } };
  }
}
