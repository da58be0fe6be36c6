import { SPEECH_ENV } from './speech.constants.js';

export const SPEECH_SETTING_REQUIRED = (setting: string) =>
  `${setting} is required when ${SPEECH_ENV.provider} is "elevenlabs" (or give speechSynthesizer).`;

export const SPEECH_OFF = () =>
  `Speech synthesis is off: the Realtime model speaks itself. Set ${SPEECH_ENV.provider}=elevenlabs to turn it on.`;

export const SPEECH_TEXT_REQUIRED = () => 'text is required.';

export const SPEECH_TEXT_TOO_LONG = (limit: number) => `text is longer than ${limit} characters.`;

/** A voice or model chosen without an allow-list (with one, NOT_IN_ALLOW_LIST). */
export const SPEECH_CHOICE_REFUSED = (field: string, value: string) =>
  `${field} "${value}" is not allowed: this server speaks with its configured ${field} only.`;

/** A synthesizer of the app's failed with something other than an HttpException. */
export const SPEECH_FAILED = (service: string) => `${service} could not synthesize the speech.`;

export const SPEECH_FAILED_LOG = (service: string, detail: string) => `${service} text-to-speech failed: ${detail}`;

export const SPEECH_BROKE_OFF = (service: string) => `${service} stopped sending the audio before its end.`;

export const DEFAULT_SYNTHESIZER_NAME = 'The speech service';
