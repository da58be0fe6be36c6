import type { SpeechVoiceSettings } from '../speech/speech-synthesizer.interface.js';

/** Body of `POST /navai/speech/synthesize`, as the Navai web client sends it. */
export interface SpeechRequest {
  text: string;
  /** Another voice than the configured one: only from `allowedSpeechVoices`. */
  voiceId?: string;
  /** Another model than the configured one: only from `allowedSpeechModels`. */
  modelId?: string;
  outputFormat?: string;
  optimizeStreamingLatency?: number;
  /** Replaces the configured voice settings as a whole, as in the Navai Express package. */
  voiceSettings?: SpeechVoiceSettings;
}

/** The JSON answer of the speech route, as the Navai web client 0.1.7 reads it. */
export interface SpeechAnswer {
  /** Always `elevenlabs`: the one value the Navai web client accepts for speech from the server. */
  provider: 'elevenlabs';
  mimeType: string;
  audioBase64: string;
}
