import { CODEC_MIME_TYPES, DEFAULT_MIME_TYPE } from './speech.constants.js';

/** The MIME type of an ElevenLabs output format (`mp3_44100_128` → `audio/mpeg`), as the Navai Express package names it. */
export function mimeTypeOf(outputFormat: string): string {
  return CODEC_MIME_TYPES[outputFormat.slice(0, outputFormat.indexOf('_'))] ?? DEFAULT_MIME_TYPE;
}
