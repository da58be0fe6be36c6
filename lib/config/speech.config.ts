import type { Type } from '@nestjs/common';
import { INVALID_SETTING } from '../navai.messages.js';
import type { SpeechOptions, SpeechProvider } from '../interfaces/speech-options.interface.js';
import type { SpeechSynthesizer, SpeechVoiceSettings } from '../speech/speech-synthesizer.interface.js';
import {
  MAX_TEXT_LENGTH_RANGE,
  OUTPUT_FORMAT_PATTERN,
  SPEECH_DEFAULTS,
  SPEECH_ENV,
  SPEECH_PROVIDERS,
  STREAMING_LATENCY_RANGE,
  VOICE_SETTING_RANGE,
} from '../speech/speech.constants.js';
import { SPEECH_SETTING_REQUIRED } from '../speech/speech.messages.js';
import { optionalText as text } from '../utils/optional-text.js';
import { parseBoolean, parseHttpUrl, parseInteger, parseNameList, parseNumber } from './setting-parsers.js';

/** The validated speech settings (`config.speech`). */
export interface SpeechConfig {
  provider: SpeechProvider;
  apiKey?: string;
  baseUrl: string;
  voiceId?: string;
  modelId?: string;
  outputFormat: string;
  optimizeStreamingLatency?: number;
  voiceSettings?: SpeechVoiceSettings;
  allowedVoices?: readonly string[];
  allowedModels?: readonly string[];
  maxTextLength: number;
  synthesizer?: Type<SpeechSynthesizer> | SpeechSynthesizer;
}

type Env = (name: string) => string | undefined;

/** Speech settings: option, then ConfigService, then env, then default; an invalid one throws, naming it. */
export function resolveSpeechConfig(options: SpeechOptions, env: Env): SpeechConfig {
  // An option is named by its option name, an environment value by its variable.
  const pick = <T>(option: string, value: T | undefined, variable: string) =>
    value !== undefined ? { setting: option, raw: value as T | string } : { setting: variable, raw: env(variable) };
  const number = (option: string, value: number | undefined, variable: string, range: { min: number; max: number }, integer = false) => {
    const { setting, raw } = pick(option, value, variable);
    if (raw === undefined || blank(raw)) return undefined;
    return integer ? parseInteger(setting, raw, range) : parseNumber(setting, raw, range);
  };
  const settings = options.elevenLabsVoiceSettings ?? {};
  const speakerBoost = pick('elevenLabsVoiceSettings.useSpeakerBoost', settings.useSpeakerBoost, SPEECH_ENV.useSpeakerBoost);
  const voiceSettings = withoutUndefined({
    stability: number('elevenLabsVoiceSettings.stability', settings.stability, SPEECH_ENV.stability, VOICE_SETTING_RANGE),
    similarityBoost: number('elevenLabsVoiceSettings.similarityBoost', settings.similarityBoost, SPEECH_ENV.similarityBoost, VOICE_SETTING_RANGE),
    style: number('elevenLabsVoiceSettings.style', settings.style, SPEECH_ENV.style, VOICE_SETTING_RANGE),
    useSpeakerBoost: blank(speakerBoost.raw) ? undefined : parseBoolean(speakerBoost.setting, speakerBoost.raw, true),
  });
  const baseUrl = pick('elevenLabsBaseUrl', options.elevenLabsBaseUrl, SPEECH_ENV.baseUrl);
  const outputFormat = pick('elevenLabsOutputFormat', text(options.elevenLabsOutputFormat), SPEECH_ENV.outputFormat);
  const config: SpeechConfig = {
    provider: parseProvider(pick('ttsProvider', text(options.ttsProvider), SPEECH_ENV.provider)),
    apiKey: text(options.elevenLabsApiKey) ?? text(env(SPEECH_ENV.apiKey)),
    baseUrl: parseHttpUrl(baseUrl.setting, text(baseUrl.raw) ?? SPEECH_DEFAULTS.baseUrl, SPEECH_DEFAULTS.baseUrl),
    voiceId: text(options.elevenLabsVoiceId) ?? text(env(SPEECH_ENV.voiceId)),
    modelId: text(options.elevenLabsModelId) ?? text(env(SPEECH_ENV.modelId)),
    outputFormat: parseOutputFormat(outputFormat.setting, text(outputFormat.raw) ?? SPEECH_DEFAULTS.outputFormat),
    optimizeStreamingLatency: number(
      'elevenLabsOptimizeStreamingLatency',
      options.elevenLabsOptimizeStreamingLatency,
      SPEECH_ENV.optimizeStreamingLatency,
      STREAMING_LATENCY_RANGE,
      true,
    ),
    voiceSettings: Object.keys(voiceSettings).length > 0 ? voiceSettings : undefined,
    allowedVoices: parseNameList('allowedSpeechVoices', options.allowedSpeechVoices),
    allowedModels: parseNameList('allowedSpeechModels', options.allowedSpeechModels),
    maxTextLength: parseInteger('maxSpeechTextLength', options.maxSpeechTextLength ?? SPEECH_DEFAULTS.maxTextLength, MAX_TEXT_LENGTH_RANGE),
    synthesizer: options.speechSynthesizer,
  };
  if (config.provider === 'elevenlabs' && !config.synthesizer) {
    if (!config.apiKey) throw new Error(SPEECH_SETTING_REQUIRED(SPEECH_ENV.apiKey));
    if (!config.voiceId) throw new Error(SPEECH_SETTING_REQUIRED(SPEECH_ENV.voiceId));
  }
  return config;
}

function parseProvider({ setting, raw }: { setting: string; raw: string | undefined }): SpeechProvider {
  const value = text(raw)?.toLowerCase() ?? SPEECH_DEFAULTS.provider;
  if ((SPEECH_PROVIDERS as readonly string[]).includes(value)) return value as SpeechProvider;
  throw new Error(INVALID_SETTING(setting, raw, SPEECH_PROVIDERS.map((name) => `"${name}"`).join(' or ')));
}

export function parseOutputFormat(setting: string, raw: string): string {
  if (OUTPUT_FORMAT_PATTERN.test(raw)) return raw;
  throw new Error(INVALID_SETTING(setting, raw, 'an ElevenLabs output format such as mp3_44100_128 or pcm_24000'));
}

/** Unset, or set to blank text: blank variables count as unset, as in the Navai Express package. */
function blank(raw: unknown): boolean {
  return raw === undefined || (typeof raw === 'string' && !raw.trim());
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
