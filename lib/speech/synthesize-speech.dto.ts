import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  SPEECH_REQUEST_LIMITS as LIMITS,
  STREAMING_LATENCY_RANGE as LATENCY,
  VOICE_SETTING_RANGE as RANGE,
} from './speech.constants.js';
import { SPEECH_TEXT_REQUIRED } from './speech.messages.js';
import type { SpeechVoiceSettings } from './speech-synthesizer.interface.js';

const finite = { allowNaN: false, allowInfinity: false };

export class SpeechVoiceSettingsDto implements SpeechVoiceSettings {
  @IsOptional() @IsNumber(finite) @Min(RANGE.min) @Max(RANGE.max)
  stability?: number;

  @IsOptional() @IsNumber(finite) @Min(RANGE.min) @Max(RANGE.max)
  similarityBoost?: number;

  @IsOptional() @IsNumber(finite) @Min(RANGE.min) @Max(RANGE.max)
  style?: number;

  @IsOptional() @IsBoolean()
  useSpeakerBoost?: boolean;
}

/**
 * Body of the speech route, as the Navai web client sends it. Unknown fields are stripped; empty
 * strings count as unset; `text` is trimmed and held to `maxSpeechTextLength` by the service.
 */
export class SynthesizeSpeechDto {
  @IsDefined({ message: SPEECH_TEXT_REQUIRED() }) @IsString()
  text!: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.voiceId)
  voiceId?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.modelId)
  modelId?: string;

  /** An ElevenLabs output format, checked by the service once trimmed. */
  @IsOptional() @IsString() @MaxLength(LIMITS.outputFormat)
  outputFormat?: string;

  @IsOptional() @IsInt() @Min(LATENCY.min) @Max(LATENCY.max)
  optimizeStreamingLatency?: number;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => SpeechVoiceSettingsDto)
  voiceSettings?: SpeechVoiceSettingsDto;
}
