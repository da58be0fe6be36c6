/** The synthesizer the speech route uses: the built-in ElevenLabs one, or the app's `speechSynthesizer`. */
export const NAVAI_SPEECH_SYNTHESIZER = Symbol('NAVAI_SPEECH_SYNTHESIZER');

export const SPEECH_ENV = {
  provider: 'NAVAI_TTS_PROVIDER',
  apiKey: 'ELEVENLABS_API_KEY',
  baseUrl: 'ELEVENLABS_BASE_URL',
  voiceId: 'ELEVENLABS_VOICE_ID',
  modelId: 'ELEVENLABS_MODEL_ID',
  outputFormat: 'ELEVENLABS_OUTPUT_FORMAT',
  optimizeStreamingLatency: 'ELEVENLABS_OPTIMIZE_STREAMING_LATENCY',
  stability: 'ELEVENLABS_STABILITY',
  similarityBoost: 'ELEVENLABS_SIMILARITY_BOOST',
  style: 'ELEVENLABS_STYLE',
  useSpeakerBoost: 'ELEVENLABS_USE_SPEAKER_BOOST',
} as const;

export const SPEECH_PROVIDERS = ['openai', 'elevenlabs'] as const;

export const SPEECH_DEFAULTS = {
  provider: 'openai',
  baseUrl: 'https://api.elevenlabs.io',
  outputFormat: 'mp3_44100_128',
  maxTextLength: 5_000,
} as const;

export const MAX_TEXT_LENGTH_RANGE = { min: 1, max: 1_000_000 } as const;
export const STREAMING_LATENCY_RANGE = { min: 0, max: 4 } as const;
export const VOICE_SETTING_RANGE = { min: 0, max: 1 } as const;

/** ElevenLabs' output formats: `mp3_44100_128`, `pcm_24000`, `ulaw_8000`, `opus_48000_64`, `wav_44100`... */
export const OUTPUT_FORMAT_PATTERN = /^(mp3|pcm|wav|ulaw|alaw|opus)_\d{4,6}(_\d{1,3})?$/;

/** The MIME type of an output format's codec, as the Navai Express package names it; unknown codecs are MP3. */
export const CODEC_MIME_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  pcm: 'audio/pcm',
  wav: 'audio/wav',
  ulaw: 'audio/basic',
};
export const DEFAULT_MIME_TYPE = 'audio/mpeg';

/** Upper bounds on the id fields of a synthesis request, in characters. */
export const SPEECH_REQUEST_LIMITS = { voiceId: 128, modelId: 128, outputFormat: 32 } as const;

export const TEXT_TO_SPEECH_PATH = '/v1/text-to-speech/';
