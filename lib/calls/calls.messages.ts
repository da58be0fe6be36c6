import { ENV } from '../navai.constants.js';
import { CALLS_ENV } from './calls.constants.js';

export const SDP_OFFER_REQUIRED = () => 'The body must be an SDP offer (text starting with "v=0" with at least one m= line).';
export const CALLS_CONTENT_TYPE = () =>
  'Send the SDP offer as application/sdp (or text/plain), or JSON { "sdp": "...", ... } as application/json.';
export const CALLS_API_KEY_REFUSED = () => `Server-side calls always use the server's key (${ENV.apiKey}); apiKey is not accepted.`;
export const CALLS_NEED_SERVER_KEY = () => `No OpenAI API key: set ${ENV.apiKey} on the server.`;
export const TOO_MANY_CALLS = (max: number) => `The server holds its maximum of ${max} calls; try again later.`;
export const CALL_NOT_FOUND = (id: string) => `There is no live call "${id}".`;
export const CALL_INVALID_RESPONSE = () => 'OpenAI answered without a usable SDP answer and call id.';
export const SIDEBAND_UNAVAILABLE = () => 'The call was created, but the server could not connect to it; it was hung up.';
export const ARGUMENTS_NOT_JSON = () => 'arguments must be a JSON object';
export const TOO_MANY_TOOL_CALLS = () => 'Too many tool calls at once.';
export const TOO_MANY_TOOL_CALLS_DETAILS = (max: number) => `At most ${max} tools run at once on a call; call this one again later.`;
export const WEBHOOK_NOT_CONFIGURED = () => `Cannot POST: no webhook secret is configured (${CALLS_ENV.webhookSecret}).`;
export const WEBHOOK_REFUSED = () => 'Invalid webhook signature.';
export const WEBHOOK_RAW_BODY_MISSING = () =>
  'The webhook needs the raw request body: create the app with NestFactory.create(AppModule, { rawBody: true }).';
export const WEBHOOK_BODY_INVALID = () => 'The webhook body is not a JSON event.';

export const CALL_STARTED_LOG = (id: string, kind: string) => `Call ${id} (${kind}) started`;
export const CALL_ENDED_LOG = (id: string, reason: string, seconds: number, tokens: number) =>
  `Call ${id} ended (${reason}) after ${seconds.toFixed(1)} s, ${tokens} tokens`;
export const CALL_OVER_BUDGET_LOG = (id: string, budget: string, limit: number) => `Call ${id} passed ${budget} (${limit}); ending it`;
export const SIDEBAND_CONNECT_FAILED_LOG = (id: string, detail: string) => `Call ${id}: the sideband did not connect (${detail}); hanging up`;
export const SIDEBAND_LOST_LOG = (id: string, detail: string) => `Call ${id}: the sideband broke (${detail}); reconnecting`;
export const SIDEBAND_RESTORED_LOG = (id: string, attempts: number) => `Call ${id}: the sideband is back after ${attempts} attempt(s)`;
export const SIDEBAND_GAVE_UP_LOG = (id: string, ms: number, detail: string) =>
  `Call ${id}: the sideband could not be restored within ${ms} ms (${detail}); hanging up`;
export const SESSION_RESTORED_LOG = (id: string, fields: string[]) =>
  `Call ${id}: a client changed ${fields.join(', ')}; the server's session was put back`;
export const CALL_ERROR_LOG = (id: string, code: string, message: string) => `Call ${id}: OpenAI reported ${code}: ${message}`;
export const MALFORMED_EVENT_LOG = (id: string) => `Call ${id}: ignored a sideband message that is not a JSON event`;
export const EVENT_HANDLER_FAILED_LOG = (id: string, type: string) => `Call ${id}: handling "${type}" failed`;
export const HANGUP_FAILED_LOG = (id: string) => `Call ${id}: hanging up failed`;
export const INCOMING_CALL_FAILED_LOG = (id: string) => `SIP call ${id}: handling the incoming call failed`;
export const INCOMING_CALL_REJECTED_LOG = (id: string, status: number) => `SIP call ${id} rejected (${status})`;
export const WEBHOOK_REFUSED_LOG = (reason: string) => `Webhook delivery refused: ${reason}`;
