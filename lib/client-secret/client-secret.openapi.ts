import { CLIENT_SECRET_REQUEST_LIMITS } from '../navai.constants.js';
import { httpErrors } from '../openapi/openapi.schemas.js';
import type { OpenApiRoute } from '../openapi/openapi.interface.js';

const FIELD_DESCRIPTIONS: Record<keyof typeof CLIENT_SECRET_REQUEST_LIMITS, string> = {
  model: 'Realtime model, instead of the configured one (within allowedModels).',
  voice: 'Output voice, instead of the configured one (within allowedVoices).',
  instructions: 'Instructions, instead of the configured ones.',
  language: 'Adds "Always reply in {language}."',
  voiceAccent: 'Adds "Use a {voiceAccent} accent while speaking."',
  voiceTone: 'Adds "Use a {voiceTone} tone while speaking."',
  apiKey: 'An OpenAI key of the caller; accepted only when the server allows it and has none of its own.',
};

/** `POST /navai/realtime/client-secret`. */
export const CLIENT_SECRET_ROUTE: OpenApiRoute = {
  summary: 'Mint a short-lived OpenAI Realtime client secret',
  description: 'The OpenAI key stays on the server; the browser connects to OpenAI with the secret. Empty strings count as unset; other fields are ignored.',
  body: {
    required: false,
    schema: {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(CLIENT_SECRET_REQUEST_LIMITS).map(([field, maxLength]) => [
          field,
          { type: 'string', maxLength, description: FIELD_DESCRIPTIONS[field as keyof typeof FIELD_DESCRIPTIONS] },
        ]),
      ),
    },
  },
  responses: {
    200: {
      description: 'The secret, and when it stops being able to start sessions.',
      schema: {
        type: 'object',
        required: ['value', 'expires_at', 'speech'],
        additionalProperties: false,
        properties: {
          value: { type: 'string', description: 'The client secret (ek_...).' },
          expires_at: { type: 'integer', description: 'Unix time in seconds.' },
          speech: {
            type: 'object',
            required: ['provider'],
            additionalProperties: false,
            description: 'Who speaks: the Realtime model (openai), or the server through the speech route (elevenlabs).',
            properties: { provider: { type: 'string', enum: ['openai', 'elevenlabs'] } },
          },
        },
      },
    },
    ...httpErrors({
      400: 'The body is invalid, a model or voice is outside its allow-list, or OpenAI refused a field the request chose.',
      403: 'The request sent apiKey and the server does not accept one (or a guard refused the caller).',
      413: 'The body is larger than bodyLimit.',
      415: 'The body is not application/json.',
      502: 'OpenAI refused the server key, refused the session, failed or was unreachable.',
      503: 'No OpenAI key is configured.',
      504: 'OpenAI did not answer within upstreamTimeoutMs.',
    }),
    429: {
      ...httpErrors({ 429: "OpenAI's rate limit was reached." })[429],
      headers: { 'Retry-After': { description: "OpenAI's own Retry-After, when it sent one.", schema: { type: 'string' } } },
    },
  },
};
