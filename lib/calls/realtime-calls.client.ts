import { BadGatewayException, Inject, Injectable, Logger } from '@nestjs/common';
import { NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { callUpstream, logUpstreamFailure, type UpstreamAttempt, type UpstreamOperation } from '../upstream/upstream-call.js';
import { headerOf } from '../upstream/upstream-response.js';
import { OPENAI } from '../upstream/openai.service.js';
import { REALTIME_CALLS_PATH } from './calls.constants.js';
import { CALL_INVALID_RESPONSE } from './calls.messages.js';

const CREATE: UpstreamOperation = { service: OPENAI, label: 'realtime/calls', action: 'create the call', subject: 'session' };
const control = (action: string): UpstreamOperation => ({
  service: OPENAI,
  label: `realtime/calls/${action}`,
  action: `${action} the call`,
  subject: `${action} request`,
});
const CONTROL = { accept: control('accept'), reject: control('reject'), refer: control('refer'), hangup: control('hangup') };

/** A call id as OpenAI writes them (`rtc_...`): safe to put in a path and a URL. */
const CALL_ID = /^[A-Za-z0-9_-]{1,128}$/;

let loadingMultipart: Promise<Pick<typeof import('undici'), 'FormData' | 'Response'>> | undefined;

/**
 * The form as bytes and its content type, encoded by undici itself. A FormData body handed to
 * `request()` breaks on Node 24, whose own undici then streams it ("action is not a function").
 */
async function multipart(fields: Record<string, string>): Promise<{ body: Buffer; contentType: string }> {
  loadingMultipart ??= import('undici');
  const { FormData, Response } = await loadingMultipart;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

/** Calls OpenAI's `/realtime/calls` endpoints with the server key; failures are the HTTP errors the client-secret route answers. */
@Injectable()
export class RealtimeCallsClient {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);
  private readonly url: string;

  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {
    this.url = config.baseUrl + REALTIME_CALLS_PATH;
  }

  /** The sideband WebSocket URL of a call: the base URL with `http` → `ws`, plus `/realtime?call_id=`. */
  sidebandUrl(callId: string): string {
    return `${this.config.baseUrl.replace(/^http/, 'ws')}/realtime?call_id=${encodeURIComponent(callId)}`;
  }

  /** `POST /realtime/calls` as multipart (`sdp`, `session`): the SDP answer and the call id from `Location`. */
  async create(
    apiKey: string,
    sdp: string,
    session: object,
    callerFields: ReadonlySet<string>,
    headers: Record<string, string> = {},
  ): Promise<{ callId: string; answer: string }> {
    const { body, contentType } = await multipart({ sdp, session: JSON.stringify(session) });
    const attempt = this.attempt(apiKey, callerFields);
    const answer = await callUpstream(CREATE, attempt, this.logger, this.url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${apiKey}`, 'content-type': contentType },
      body,
    });
    const callId = headerOf(answer, 'location')?.split('/').at(-1);
    if (!callId || !CALL_ID.test(callId) || !answer.text.startsWith('v=0')) {
      logUpstreamFailure(CREATE, attempt, this.logger, answer.status, answer.requestId, `unexpected answer: ${answer.text.slice(0, 200)}`);
      throw new BadGatewayException(CALL_INVALID_RESPONSE());
    }
    return { callId, answer: answer.text };
  }

  accept(apiKey: string, callId: string, session: object): Promise<void> {
    return this.control(apiKey, callId, 'accept', session);
  }

  reject(apiKey: string, callId: string, statusCode?: number): Promise<void> {
    return this.control(apiKey, callId, 'reject', statusCode === undefined ? {} : { status_code: statusCode });
  }

  refer(apiKey: string, callId: string, targetUri: string): Promise<void> {
    return this.control(apiKey, callId, 'refer', { target_uri: targetUri });
  }

  hangup(apiKey: string, callId: string): Promise<void> {
    return this.control(apiKey, callId, 'hangup');
  }

  private async control(apiKey: string, callId: string, action: keyof typeof CONTROL, body?: object): Promise<void> {
    if (!CALL_ID.test(callId)) throw new BadGatewayException(CALL_INVALID_RESPONSE());
    await callUpstream(CONTROL[action], this.attempt(apiKey), this.logger, `${this.url}/${callId}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, ...(body && { 'content-type': 'application/json' }) },
      ...(body && { body: JSON.stringify(body) }),
    });
  }

  private attempt(apiKey: string, callerFields?: ReadonlySet<string>): UpstreamAttempt {
    return { timeoutMs: this.config.upstreamTimeoutMs, secrets: [apiKey], callerFields };
  }
}
