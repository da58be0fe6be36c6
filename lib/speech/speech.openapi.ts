import { httpErrors } from '../openapi/openapi.schemas.js';
import type { OpenApiRoute } from '../openapi/openapi.interface.js';
import { SPEECH_REQUEST_LIMITS as LIMITS, STREAMING_LATENCY_RANGE as LATENCY, VOICE_SETTING_RANGE as RANGE } from './speech.constants.js';

const setting = { type: 'number', minimum: RANGE.min, maximum: RANGE.max };

/** `POST /navai/speech/synthesize`. */
export const SPEECH_ROUTE: OpenApiRoute = {
  summary: 'Turn text into speech (speech mode)',
  description:
    'Answers JSON with the audio in base64, as the Navai web client reads it; a client whose Accept prefers audio gets the audio bytes streamed. Only in elevenlabs mode (or with an app synthesizer).',
  body: {
    required: true,
    schema: {
      type: 'object',
      required: ['text'],
      properties: {
        text: { type: 'string', description: 'What to say; at most maxSpeechTextLength characters.' },
        voiceId: { type: 'string', maxLength: LIMITS.voiceId, description: 'Another voice, within allowedSpeechVoices.' },
        modelId: { type: 'string', maxLength: LIMITS.modelId, description: 'Another model, within allowedSpeechModels.' },
        outputFormat: { type: 'string', maxLength: LIMITS.outputFormat, description: 'codec_samplerate[_bitrate], e.g. mp3_44100_128.' },
        optimizeStreamingLatency: { type: 'integer', minimum: LATENCY.min, maximum: LATENCY.max },
        voiceSettings: {
          type: 'object',
          properties: { stability: setting, similarityBoost: setting, style: setting, useSpeakerBoost: { type: 'boolean' } },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The audio: JSON with base64, or the bytes themselves for Accept: audio/*.',
      schema: {
        type: 'object',
        required: ['provider', 'mimeType', 'audioBase64'],
        additionalProperties: false,
        properties: {
          provider: { type: 'string', enum: ['elevenlabs'] },
          mimeType: { type: 'string', description: 'audio/mpeg, audio/wav...' },
          audioBase64: { type: 'string', format: 'byte' },
        },
      },
      content: { 'audio/mpeg': { schema: { type: 'string', format: 'binary' } } },
    },
    ...httpErrors({
      400: 'The body is invalid, or a voice or model is outside its allow-list.',
      404: 'Speech synthesis is off (NAVAI_TTS_PROVIDER is openai).',
      413: 'The body is larger than bodyLimit.',
      415: 'The body is not application/json.',
      502: 'ElevenLabs refused the server key or the request, failed or was unreachable.',
      504: 'ElevenLabs did not answer within upstreamTimeoutMs.',
    }),
    429: {
      ...httpErrors({ 429: "ElevenLabs' rate limit was reached." })[429],
      headers: { 'Retry-After': { description: "ElevenLabs' own Retry-After, when it sent one.", schema: { type: 'string' } } },
    },
  },
};
