import { BadGatewayException, Inject, Injectable, Logger } from '@nestjs/common';
import { CLIENT_SECRETS_PATH, NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import { UPSTREAM_INVALID_RESPONSE } from '../navai.messages.js';
import type { NavaiConfig } from '../config/navai-config.js';
import type { ClientSecret } from '../interfaces/client-secret.interface.js';
import { callUpstream, logUpstreamFailure, type UpstreamAttempt, type UpstreamOperation } from '../upstream/upstream-call.js';
import { OPENAI } from '../upstream/openai.service.js';

/** The key to call OpenAI with, and whether the caller supplied it. */
export interface UpstreamCredentials {
  apiKey: string;
  fromRequest: boolean;
}

/** The fields of the session the caller chose (`session.model`...): OpenAI refusing one of them is the caller's 400. */
export type RequestParams = ReadonlySet<string>;

const MINT: UpstreamOperation = { service: OPENAI, label: 'client_secrets', action: 'create a client secret', subject: 'session' };

/** Calls OpenAI's client_secrets endpoint and turns every failure into a clear HTTP error. */
@Injectable()
export class OpenAIRealtimeClient {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);
  private readonly url: string;

  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {
    this.url = config.baseUrl + CLIENT_SECRETS_PATH;
  }

  /** `headers` are sent beside the module's own (the safety identifier). */
  async createClientSecret(
    body: object,
    credentials: UpstreamCredentials,
    requestParams: RequestParams = new Set(),
    headers: Record<string, string> = {},
  ): Promise<Omit<ClientSecret, 'speech'>> {
    const attempt: UpstreamAttempt = {
      timeoutMs: this.config.upstreamTimeoutMs,
      secrets: [credentials.apiKey],
      keyFromRequest: credentials.fromRequest,
      callerFields: requestParams,
    };
    const answer = await callUpstream(MINT, attempt, this.logger, this.url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${credentials.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const { json } = answer;
    if (!isClientSecret(json)) {
      // A body can be unusable and still carry a live secret (a bad expires_at): never log it.
      const secret = (json as { value?: unknown } | undefined)?.value;
      const secrets = typeof secret === 'string' && secret ? [...attempt.secrets, secret] : attempt.secrets;
      logUpstreamFailure(MINT, { ...attempt, secrets }, this.logger, answer.status, answer.requestId, `unexpected body: ${answer.text.slice(0, 200)}`);
      throw new BadGatewayException(UPSTREAM_INVALID_RESPONSE());
    }
    return { value: json.value, expires_at: json.expires_at, session: json.session ?? {} };
  }
}

function isClientSecret(json: unknown): json is { value: string; expires_at: number; session?: Record<string, unknown> } {
  const body = json as { value?: unknown; expires_at?: unknown } | undefined;
  return typeof body?.value === 'string' && body.value.length > 0 && typeof body.expires_at === 'number';
}
