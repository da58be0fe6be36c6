import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { ELEVENLABS } from '../upstream/elevenlabs.service.js';
import { openUpstream, type UpstreamOperation } from '../upstream/upstream-call.js';
import { headerOf } from '../upstream/upstream-response.js';
import { optionalText } from '../utils/optional-text.js';
import { SPEECH_ENV, TEXT_TO_SPEECH_PATH } from './speech.constants.js';
import { SPEECH_SETTING_REQUIRED } from './speech.messages.js';
import { mimeTypeOf } from './speech-mime-type.js';
import type { SpeechSynthesisRequest, SpeechSynthesizer, SynthesizedSpeech } from './speech-synthesizer.interface.js';

const SYNTHESIZE: UpstreamOperation = {
  service: ELEVENLABS,
  label: 'text-to-speech',
  action: 'synthesize the speech',
  subject: 'speech request',
};

/**
 * The built-in synthesizer: `POST {ELEVENLABS_BASE_URL}/v1/text-to-speech/{voiceId}`, with the
 * query and body the Navai Express package sends; the audio comes back unread, to stream or read.
 */
@Injectable()
export class ElevenLabsSpeechClient implements SpeechSynthesizer {
  readonly name = ELEVENLABS.name;
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);

  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {}

  async synthesize(request: SpeechSynthesisRequest, signal: AbortSignal): Promise<SynthesizedSpeech> {
    const { apiKey, baseUrl } = this.config.speech;
    if (!apiKey) throw new ServiceUnavailableException(SPEECH_SETTING_REQUIRED(SPEECH_ENV.apiKey));
    if (!request.voiceId) throw new ServiceUnavailableException(SPEECH_SETTING_REQUIRED(SPEECH_ENV.voiceId));
    const url = new URL(baseUrl + TEXT_TO_SPEECH_PATH + encodeURIComponent(request.voiceId));
    url.searchParams.set('output_format', request.outputFormat);
    if (request.optimizeStreamingLatency !== undefined) {
      url.searchParams.set('optimize_streaming_latency', String(request.optimizeStreamingLatency));
    }
    const expected = mimeTypeOf(request.outputFormat);
    const response = await openUpstream(SYNTHESIZE, { timeoutMs: this.config.upstreamTimeoutMs, secrets: [apiKey] }, this.logger, url.href, {
      method: 'POST',
      headers: { 'xi-api-key': apiKey, 'content-type': 'application/json', accept: expected },
      body: JSON.stringify(requestBody(request)),
      signal,
    });
    const length = Number(headerOf(response, 'content-length') ?? Number.NaN);
    return {
      mimeType: optionalText(headerOf(response, 'content-type')) ?? expected,
      audio: response.body,
      ...(Number.isSafeInteger(length) && length >= 0 && { length }),
    };
  }
}

/** ElevenLabs' body, fields in the Express package's order. */
function requestBody({ text, modelId, voiceSettings: settings }: SpeechSynthesisRequest): Record<string, unknown> {
  return {
    text,
    ...(modelId && { model_id: modelId }),
    ...(settings && {
      voice_settings: {
        ...(settings.stability !== undefined && { stability: settings.stability }),
        ...(settings.similarityBoost !== undefined && { similarity_boost: settings.similarityBoost }),
        ...(settings.style !== undefined && { style: settings.style }),
        ...(settings.useSpeakerBoost !== undefined && { use_speaker_boost: settings.useSpeakerBoost }),
      },
    }),
  };
}
