import { SPEECH_ENV } from './speech.constants.js';

export const SPEECH_SETTING_REQUIRED = (setting: string) =>
  `${setting} is required when ${SPEECH_ENV.provider} is "elevenlabs" (or give speechSynthesizer).`;

export const SPEECH_OFF = () =>
  `Speech synthesis is off: the Realtime model speaks itself. Set ${SPEECH_ENV.provider}=elevenlabs to turn it on.`;

export const SPEECH_TEXT_REQUIRED = () => 'text is required.';

export const SPEECH_TEXT_TOO_LONG = (limit: number) => `text is longer than ${limit} characters.`;

export const SPEECH_CHOICE_REFUSED = (field: string, value: string, allowed: readonly string[]) =>
  allowed.length > 0
    ? `${field} "${value}" is not allowed. Allowed: ${allowed.join(', ')}.`
    : `${field} "${value}" is not allowed: this server speaks with its configured ${field} only.`;

export const SPEECH_CREDENTIALS_REJECTED = (service: string) =>
  `${service} rejected the server's credentials; check ${SPEECH_ENV.apiKey}.`;

export const SPEECH_REFUSED = (service: string, detail: string) => `${service} refused the speech request: ${detail}`;

export const SPEECH_FAILED = (service: string, status?: number) =>
  `${service} could not synthesize the speech${status === undefined ? '' : ` (HTTP ${status})`}.`;

export const SPEECH_RATE_LIMITED = (service: string) => `${service} rate limit reached; try again later.`;

export const SPEECH_UNREACHABLE = (service: string) => `Could not reach ${service}.`;

export const SPEECH_TIMEOUT = (service: string, timeoutMs: number) => `${service} did not answer within ${timeoutMs} ms.`;

export const SPEECH_LOG = (service: string, status: number | string, requestId: string | null, detail: string) =>
  `${service} text-to-speech failed (${status}${requestId ? `, request id ${requestId}` : ''}): ${detail}`;

export const SPEECH_STREAM_BROKEN_LOG = (service: string, detail: string) =>
  `${service} audio stream broke off after the answer had started: ${detail}`;

export const DEFAULT_SYNTHESIZER_NAME = 'The speech service';
