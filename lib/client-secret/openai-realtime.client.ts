import type { Dispatcher } from 'undici';
import { BadGatewayException, BadRequestException, GatewayTimeoutException, Inject, Injectable, Logger } from '@nestjs/common';
import { CLIENT_SECRETS_PATH, NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import {
  UPSTREAM_BAD_REQUEST,
  UPSTREAM_CREDENTIALS_REJECTED,
  UPSTREAM_FAILED,
  UPSTREAM_INVALID_RESPONSE,
  UPSTREAM_LOG,
  UPSTREAM_TIMEOUT,
  UPSTREAM_UNREACHABLE,
} from '../navai.messages.js';
import type { NavaiConfig } from '../config/navai-config.js';
import type { ClientSecret } from '../interfaces/client-secret.interface.js';
import { UpstreamRateLimitException } from './upstream-rate-limit.exception.js';
import { thrownText } from '../utils/thrown-text.js';

/** The key to call OpenAI with, and whether the caller supplied it. */
export interface UpstreamCredentials {
  apiKey: string;
  fromRequest: boolean;
}

/** The fields of the session the caller chose (`session.model`...): OpenAI refusing one of them is the caller's 400. */
export type RequestParams = ReadonlySet<string>;

/** Calls OpenAI's client_secrets endpoint and turns every failure into a clear HTTP error. */
@Injectable()
export class OpenAIRealtimeClient {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);
  private readonly url: string;

  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {
    this.url = config.baseUrl + CLIENT_SECRETS_PATH;
  }

  async createClientSecret(body: object, credentials: UpstreamCredentials, requestParams: RequestParams = new Set()): Promise<ClientSecret> {
    const redact = (detail: string) => detail.replaceAll(credentials.apiKey, '[redacted]');
    const request = await undiciRequest();
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await request(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${credentials.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.upstreamTimeoutMs),
      });
      text = await response.body.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const cause = error instanceof Error ? `${error.message}${causeOf(error)}` : thrownText(error);
      this.logger.error(UPSTREAM_LOG(timedOut ? 'timeout' : 'network', null, redact(cause)));
      throw timedOut
        ? new GatewayTimeoutException(UPSTREAM_TIMEOUT(this.config.upstreamTimeoutMs))
        : new BadGatewayException(UPSTREAM_UNREACHABLE());
    }

    const requestId = headerOf(response, 'x-request-id');
    const json = parseJson(text);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const detail = redact(openAIErrorMessage(json) ?? text.slice(0, 500));
      this.logger.error(UPSTREAM_LOG(response.statusCode, requestId, detail));
      if (response.statusCode === 400 && requestParams.has(openAIErrorParam(json) ?? '')) {
        throw new BadRequestException(UPSTREAM_BAD_REQUEST(detail));
      }
      throw upstreamError(response, detail, credentials.fromRequest);
    }
    if (!isClientSecret(json)) {
      // A body can be unusable and still carry a live secret (a bad expires_at): never log it.
      const secret = (json as { value?: unknown } | undefined)?.value;
      const shown = typeof secret === 'string' && secret ? text.replaceAll(secret, '[redacted]') : text;
      this.logger.error(UPSTREAM_LOG(response.statusCode, requestId, redact(`unexpected body: ${shown.slice(0, 200)}`)));
      throw new BadGatewayException(UPSTREAM_INVALID_RESPONSE());
    }
    return { value: json.value, expires_at: json.expires_at, session: json.session ?? {} };
  }
}

let undici: Promise<typeof import('undici').request> | undefined;

/**
 * undici's request(): the keep-alive pool Node's fetch is built on, without fetch's cost per call.
 * Loaded with the first mint, not at start-up.
 */
function undiciRequest(): Promise<typeof import('undici').request> {
  undici ??= import('undici').then((module) => module.request);
  return undici;
}

function upstreamError(response: Dispatcher.ResponseData, detail: string, keyFromRequest: boolean): Error {
  const status = response.statusCode;
  if (status === 401 || status === 403) return new BadGatewayException(UPSTREAM_CREDENTIALS_REJECTED(keyFromRequest));
  if (status === 400) return new BadGatewayException(UPSTREAM_BAD_REQUEST(detail));
  if (status === 429) return new UpstreamRateLimitException(retryAfter(headerOf(response, 'retry-after')));
  return new BadGatewayException(UPSTREAM_FAILED(status));
}

function headerOf(response: Dispatcher.ResponseData, name: string): string | null {
  const value = response.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

function retryAfter(header: string | null): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  return /^\d{1,9}$/.test(value) || !Number.isNaN(Date.parse(value)) ? value : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function openAIErrorMessage(json: unknown): string | undefined {
  const error = (json as { error?: { message?: unknown; param?: unknown } } | undefined)?.error;
  if (typeof error?.message !== 'string') return undefined;
  const param = typeof error.param === 'string' && !error.message.includes(error.param) ? ` (${error.param})` : '';
  return error.message + param;
}

function openAIErrorParam(json: unknown): string | undefined {
  const param = (json as { error?: { param?: unknown } } | undefined)?.error?.param;
  return typeof param === 'string' ? param : undefined;
}

function isClientSecret(json: unknown): json is { value: string; expires_at: number; session?: Record<string, unknown> } {
  const body = json as { value?: unknown; expires_at?: unknown } | undefined;
  return typeof body?.value === 'string' && body.value.length > 0 && typeof body.expires_at === 'number';
}

function causeOf(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
