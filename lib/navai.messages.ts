import { ENV } from './navai.constants.js';

export const INVALID_SETTING = (setting: string, value: unknown, accepted: string) =>
  `Invalid ${setting}: ${JSON.stringify(value)}. Expected ${accepted}.`;

export const NOT_IN_ALLOW_LIST = (setting: string, value: string, allowed: readonly string[]) =>
  `${setting} "${value}" is not allowed. Allowed: ${allowed.join(', ')}.`;

export const MISSING_API_KEY = (requestKeysAllowed: boolean) =>
  requestKeysAllowed
    ? `No OpenAI API key: set ${ENV.apiKey} on the server or send apiKey in the request.`
    : `No OpenAI API key: set ${ENV.apiKey} on the server.`;

export const REQUEST_API_KEY_REFUSED = () =>
  `This server does not accept apiKey in the request (${ENV.allowFrontendApiKey} is not true).`;

export const UPSTREAM_CREDENTIALS_REJECTED = (keyFromRequest: boolean) =>
  keyFromRequest
    ? 'OpenAI rejected the API key sent in the request.'
    : `OpenAI rejected the server's credentials; check ${ENV.apiKey}.`;

export const UPSTREAM_BAD_REQUEST = (detail: string) => `OpenAI refused the session: ${detail}`;

export const UPSTREAM_RATE_LIMITED = () => 'OpenAI rate limit reached; try again later.';

export const UPSTREAM_FAILED = (status: number) => `OpenAI could not create a client secret (HTTP ${status}).`;

export const UPSTREAM_UNREACHABLE = () => 'Could not reach OpenAI.';

export const UPSTREAM_INVALID_RESPONSE = () => 'OpenAI answered without a usable client secret.';

export const UPSTREAM_TIMEOUT = (timeoutMs: number) => `OpenAI did not answer within ${timeoutMs} ms.`;

export const UPSTREAM_LOG = (status: number | string, requestId: string | null, detail: string) =>
  `OpenAI client_secrets failed (${status}${requestId ? `, request id ${requestId}` : ''}): ${detail}`;
