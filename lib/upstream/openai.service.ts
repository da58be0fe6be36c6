import { ENV } from '../navai.constants.js';
import type { UpstreamService } from './upstream-call.js';

interface OpenAIErrorBody {
  error?: { message?: unknown; param?: unknown };
}

/** OpenAI's error bodies: `{ "error": { "type", "message", "param", "code" } }`. */
export const OPENAI: UpstreamService = {
  name: 'OpenAI',
  keySetting: ENV.apiKey,
  errorMessage(json) {
    const error = (json as OpenAIErrorBody | undefined)?.error;
    if (typeof error?.message !== 'string') return undefined;
    const param = typeof error.param === 'string' && !error.message.includes(error.param) ? ` (${error.param})` : '';
    return error.message + param;
  },
  errorField(json) {
    const param = (json as OpenAIErrorBody | undefined)?.error?.param;
    return typeof param === 'string' ? param : undefined;
  },
};
