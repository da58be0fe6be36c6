import type { Dispatcher } from 'undici';
import { BadGatewayException, BadRequestException, GatewayTimeoutException, type Logger } from '@nestjs/common';
import {
  UPSTREAM_BAD_REQUEST,
  UPSTREAM_BAD_REQUEST_UNEXPLAINED,
  UPSTREAM_CREDENTIALS_REJECTED,
  UPSTREAM_FAILED,
  UPSTREAM_LOG,
  UPSTREAM_TIMEOUT,
  UPSTREAM_UNREACHABLE,
} from '../navai.messages.js';
import { thrownText } from '../utils/thrown-text.js';
import { undiciRequest } from './undici-request.js';
import { headerOf, parseJson, retryAfter } from './upstream-response.js';
import { safeUpstreamText } from './upstream-text.js';
import { UpstreamRateLimitException } from './upstream-rate-limit.exception.js';

/** Characters of upstream text a log line keeps. */
const LOGGED_TEXT = 500;

/** An upstream service, as the module's messages name it and as its error bodies read. */
export interface UpstreamService {
  /** `OpenAI`, `ElevenLabs`. */
  readonly name: string;
  /** The setting of the server's key, named when the service refuses it. */
  readonly keySetting: string;
  /** The service's own explanation in an error body; the only upstream text a client is ever shown. */
  errorMessage(json: unknown): string | undefined;
  /** The request field an error body blames, when the service names one. */
  errorField?(json: unknown): string | undefined;
  /** The response header with the service's request id, logged with failures; default `x-request-id`. */
  readonly requestIdHeader?: string;
}

/** One kind of request to a service: what the log and the messages call it. */
export interface UpstreamOperation {
  readonly service: UpstreamService;
  /** In the log line: `OpenAI client_secrets failed (...)`. */
  readonly label: string;
  /** In the 5xx message: `OpenAI could not create a client secret (HTTP 500).` */
  readonly action: string;
  /** What a 400 refuses: `OpenAI refused the session: ...` */
  readonly subject: string;
}

/** One request's own terms. */
export interface UpstreamAttempt {
  readonly timeoutMs: number;
  /** Never logged or answered: the keys the request carries. */
  readonly secrets: readonly string[];
  /** The key came from the caller, so a refused key is the caller's. */
  readonly keyFromRequest?: boolean;
  /** Fields the caller chose: a 400 blaming one of them answers 400 instead of 502. */
  readonly callerFields?: ReadonlySet<string>;
}

/** A successful answer, read whole. */
export interface UpstreamAnswer {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  text: string;
  json: unknown;
  requestId: string | null;
}

type RequestOptions = Parameters<Awaited<ReturnType<typeof undiciRequest>>>[1];

/**
 * Sends one request and returns the 2xx response with its body unread (to stream it or read it).
 * Every failure is logged once (redacted, escaped) and thrown as the HTTP error the client gets:
 * unreachable → 502, past the timeout → 504, 401/403 → 502 naming the key setting, 400 → 400
 * when it blames a field the caller chose (else 502), 429 → 429 with Retry-After, others → 502.
 */
export async function openUpstream(
  operation: UpstreamOperation,
  attempt: UpstreamAttempt,
  logger: Logger,
  url: string,
  options: RequestOptions,
): Promise<Dispatcher.ResponseData<unknown>> {
  const request = await undiciRequest();
  let response: Dispatcher.ResponseData<unknown>;
  try {
    response = await request(url, { signal: AbortSignal.timeout(attempt.timeoutMs), ...options });
  } catch (error) {
    throw transportFailure(operation, attempt, logger, error);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response;
  const text = await readText(operation, attempt, logger, response);
  throw statusFailure(operation, attempt, logger, response, text);
}

/** `openUpstream`, then the body read whole; a body that breaks off fails like the request. */
export async function callUpstream(
  operation: UpstreamOperation,
  attempt: UpstreamAttempt,
  logger: Logger,
  url: string,
  options: RequestOptions,
): Promise<UpstreamAnswer> {
  const response = await openUpstream(operation, attempt, logger, url, options);
  const text = await readText(operation, attempt, logger, response);
  return { status: response.statusCode, headers: response.headers, text, json: parseJson(text), requestId: requestIdOf(operation.service, response) };
}

/** Logs what an upstream answered, in the one line shape every failure has. */
export function logUpstreamFailure(
  operation: UpstreamOperation,
  attempt: UpstreamAttempt,
  logger: Logger,
  status: number | string,
  requestId: string | null,
  detail: string,
): void {
  const text = safeUpstreamText(detail, attempt.secrets, LOGGED_TEXT);
  logger.error(UPSTREAM_LOG(operation.service.name, operation.label, status, requestId, text));
}

async function readText(operation: UpstreamOperation, attempt: UpstreamAttempt, logger: Logger, response: Dispatcher.ResponseData<unknown>) {
  try {
    return await response.body.text();
  } catch (error) {
    throw transportFailure(operation, attempt, logger, error);
  }
}

function transportFailure(operation: UpstreamOperation, attempt: UpstreamAttempt, logger: Logger, error: unknown): Error {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || isTimeoutReason(error));
  const cause = error instanceof Error ? `${error.message}${causeOf(error)}` : thrownText(error);
  logUpstreamFailure(operation, attempt, logger, timedOut ? 'timeout' : 'network', null, cause);
  const service = operation.service.name;
  return timedOut ? new GatewayTimeoutException(UPSTREAM_TIMEOUT(service, attempt.timeoutMs)) : new BadGatewayException(UPSTREAM_UNREACHABLE(service));
}

function statusFailure(
  operation: UpstreamOperation,
  attempt: UpstreamAttempt,
  logger: Logger,
  response: Dispatcher.ResponseData<unknown>,
  text: string,
): Error {
  const { service } = operation;
  const status = response.statusCode;
  const json = parseJson(text);
  const explanation = service.errorMessage(json);
  logUpstreamFailure(operation, attempt, logger, status, requestIdOf(service, response), explanation ?? text);
  if (status === 401 || status === 403) {
    return new BadGatewayException(UPSTREAM_CREDENTIALS_REJECTED(service.name, service.keySetting, attempt.keyFromRequest === true));
  }
  if (status === 429) return new UpstreamRateLimitException(retryAfter(headerOf(response, 'retry-after')), service.name);
  if (status === 400 || status === 422) {
    const message =
      explanation === undefined
        ? UPSTREAM_BAD_REQUEST_UNEXPLAINED(service.name, operation.subject)
        : UPSTREAM_BAD_REQUEST(service.name, operation.subject, safeUpstreamText(explanation, attempt.secrets, LOGGED_TEXT));
    const field = service.errorField?.(json);
    const callersOwn = status === 400 && field !== undefined && attempt.callerFields?.has(field) === true;
    return callersOwn ? new BadRequestException(message) : new BadGatewayException(message);
  }
  return new BadGatewayException(UPSTREAM_FAILED(service.name, operation.action, status));
}

function requestIdOf(service: UpstreamService, response: Dispatcher.ResponseData<unknown>): string | null {
  return headerOf(response, service.requestIdHeader ?? 'x-request-id');
}

/** undici reports an aborted body read with the signal's reason as the cause. */
function isTimeoutReason(error: Error): boolean {
  return error.cause instanceof Error && error.cause.name === 'TimeoutError';
}

function causeOf(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
