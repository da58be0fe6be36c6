import type { SpeechProvider } from './speech-options.interface.js';

/** Per-request overrides of the configured session. */
export interface ClientSecretRequest {
  model?: string;
  voice?: string;
  instructions?: string;
  language?: string;
  voiceAccent?: string;
  voiceTone?: string;
  apiKey?: string;
}

/** A minted client secret, with the session OpenAI created it for. */
export interface ClientSecret {
  value: string;
  /** Unix time in seconds. */
  expires_at: number;
  session: Record<string, unknown>;
  /** Who speaks: `openai` (the Realtime session) or `elevenlabs` (the app calls the speech route). */
  speech: { provider: SpeechProvider };
}
