import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CLIENT_SECRET_REQUEST_LIMITS as LIMITS } from '../navai.constants.js';
import type { ClientSecretRequest } from '../interfaces/client-secret.interface.js';

/** Body of the client-secret route. Unknown fields are stripped; empty strings count as unset. */
export class CreateClientSecretDto implements ClientSecretRequest {
  @IsOptional() @IsString() @MaxLength(LIMITS.model)
  model?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.voice)
  voice?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.instructions)
  instructions?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.language)
  language?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.voiceAccent)
  voiceAccent?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.voiceTone)
  voiceTone?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.apiKey)
  apiKey?: string;
}
