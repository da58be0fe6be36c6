import type { Type } from '@nestjs/common';
import type { SpeechSynthesizer, SpeechVoiceSettings } from '../speech/speech-synthesizer.interface.js';

/** Who speaks the agent's answers: the Realtime model itself, or the server through ElevenLabs. */
export type SpeechProvider = 'openai' | 'elevenlabs';

/**
 * Speech settings of `NavaiModule.forRoot()`. Unset fields with an environment variable (named
 * beside them) fall back to ConfigService, then to `process.env`, then to their default.
 */
export interface SpeechOptions {
  /**
   * NAVAI_TTS_PROVIDER: `openai` (default, Realtime speaks) or `elevenlabs` (Realtime answers in
   * text and `POST /navai/speech/synthesize` turns the text into speech).
   */
  ttsProvider?: SpeechProvider;
  /** ELEVENLABS_API_KEY; required in `elevenlabs` mode unless `speechSynthesizer` replaces ElevenLabs. */
  elevenLabsApiKey?: string;
  /** ELEVENLABS_BASE_URL, default `https://api.elevenlabs.io`. */
  elevenLabsBaseUrl?: string;
  /** ELEVENLABS_VOICE_ID; required in `elevenlabs` mode unless `speechSynthesizer` replaces ElevenLabs. */
  elevenLabsVoiceId?: string;
  /** ELEVENLABS_MODEL_ID; unset, ElevenLabs picks its default model. */
  elevenLabsModelId?: string;
  /** ELEVENLABS_OUTPUT_FORMAT, default `mp3_44100_128` (`codec_samplerate[_bitrate]`). */
  elevenLabsOutputFormat?: string;
  /** ELEVENLABS_OPTIMIZE_STREAMING_LATENCY, an integer from 0 to 4. */
  elevenLabsOptimizeStreamingLatency?: number;
  /** ELEVENLABS_STABILITY, ELEVENLABS_SIMILARITY_BOOST, ELEVENLABS_STYLE (0 to 1), ELEVENLABS_USE_SPEAKER_BOOST. */
  elevenLabsVoiceSettings?: SpeechVoiceSettings;
  /** Voice ids a request may pick with `voiceId`; without the list, only the configured voice. */
  allowedSpeechVoices?: string[];
  /** Model ids a request may pick with `modelId`; without the list, only the configured model. */
  allowedSpeechModels?: string[];
  /** Characters a request's `text` may have, default 5 000. */
  maxSpeechTextLength?: number;
  /**
   * Replaces the built-in ElevenLabs synthesizer (with `ttsProvider: 'elevenlabs'`): a class
   * (resolved with dependency injection from NavaiModule's scope) or an instance.
   */
  speechSynthesizer?: Type<SpeechSynthesizer> | SpeechSynthesizer;
}
