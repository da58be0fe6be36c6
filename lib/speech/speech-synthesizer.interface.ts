/** ElevenLabs' voice settings, named as the Navai clients name them. */
export interface SpeechVoiceSettings {
  /** 0 to 1. */
  stability?: number;
  /** 0 to 1. */
  similarityBoost?: number;
  /** 0 to 1. */
  style?: number;
  useSpeakerBoost?: boolean;
}

/** One synthesis, validated, checked against the allow-lists and completed with the configured defaults. */
export interface SpeechSynthesisRequest {
  /** Trimmed, never empty. */
  text: string;
  voiceId?: string;
  modelId?: string;
  /** `codec_samplerate[_bitrate]`, e.g. `mp3_44100_128`. */
  outputFormat: string;
  /** 0 to 4. */
  optimizeStreamingLatency?: number;
  voiceSettings?: SpeechVoiceSettings;
}

/** Audio a synthesizer produced: bytes, or a stream of them that the route passes on as it comes. */
export interface SynthesizedSpeech {
  mimeType: string;
  audio: Uint8Array | AsyncIterable<Uint8Array>;
  /** Bytes in `audio`, when known in advance. */
  length?: number;
}

/**
 * Turns text into speech for `POST /navai/speech/synthesize`. ElevenLabs is the built-in one; an
 * app registers its own with the `speechSynthesizer` option. Throw an HttpException to answer a
 * chosen error; anything else answers 502 and is logged. Stop when `signal` aborts (the client
 * went away, or `upstreamTimeoutMs` passed before the audio started).
 */
export interface SpeechSynthesizer {
  /** Names the service in error messages, e.g. "ElevenLabs"; default "The speech service". */
  readonly name?: string;
  synthesize(request: SpeechSynthesisRequest, signal: AbortSignal): Promise<SynthesizedSpeech>;
}
