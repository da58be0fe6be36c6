import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { CLIENT_SECRET_REQUEST_LIMITS as LIMITS } from '../navai.constants.js';
import { API_KEY_HAS_BAD_CHARACTERS, HAS_CONTROL_CHARACTERS } from '../navai.messages.js';
import type { ClientSecretRequest } from '../interfaces/client-secret.interface.js';

/** No control characters, line or paragraph separators: a name goes into OpenAI's errors and so into logs. */
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}\p{Zl}\p{Zp}]*$/u;

/** Visible ASCII between optional blanks (trimmed away): what an Authorization header can carry. */
const HEADER_SAFE_KEY = /^\s*[\x21-\x7e]*\s*$/;

/** A string must match `pattern`; a value of another type is left to @IsString(). */
const StringMatching = (name: string, pattern: RegExp, message: string) =>
  ValidateBy({ name, validator: { validate: (value) => typeof value !== 'string' || pattern.test(value), defaultMessage: () => message } });

/** Body of the client-secret route. Unknown fields are stripped; empty strings count as unset. */
export class CreateClientSecretDto implements ClientSecretRequest {
  @IsOptional() @IsString() @MaxLength(LIMITS.model) @StringMatching('noControlCharacters', NO_CONTROL_CHARACTERS, HAS_CONTROL_CHARACTERS('model'))
  model?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.voice) @StringMatching('noControlCharacters', NO_CONTROL_CHARACTERS, HAS_CONTROL_CHARACTERS('voice'))
  voice?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.instructions)
  instructions?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.language)
  language?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.voiceAccent)
  voiceAccent?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.voiceTone)
  voiceTone?: string;

  @IsOptional() @IsString() @MaxLength(LIMITS.apiKey) @StringMatching('headerSafeKey', HEADER_SAFE_KEY, API_KEY_HAS_BAD_CHARACTERS('apiKey'))
  apiKey?: string;
}
