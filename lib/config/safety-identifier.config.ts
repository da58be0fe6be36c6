import type { SafetyIdentifierOptions } from '../interfaces/safety-identifier-options.interface.js';
import {
  SAFETY_IDENTIFIER_ENV as ENV,
  SAFETY_IDENTIFIER_SECRET_MIN_LENGTH,
  SAFETY_IDENTIFIER_USER_FIELDS,
} from '../safety-identifier/safety-identifier.constants.js';
import {
  SAFETY_IDENTIFIER_INVALID_SOURCE,
  SAFETY_IDENTIFIER_SECRET_MISSING,
  SAFETY_IDENTIFIER_SECRET_TOO_SHORT,
} from '../safety-identifier/safety-identifier.messages.js';
import { optionalText as text } from '../utils/optional-text.js';
import { parseBoolean } from './setting-parsers.js';

/** On: where the end user comes from, and the key its id is hashed with. */
export interface SafetyIdentifierConfig {
  /** Checked where it is used: a function given in options may return anything at run time. */
  source: (req: unknown) => unknown;
  secret: string;
}

/** Undefined when off (the default). */
export function resolveSafetyIdentifierConfig(
  options: SafetyIdentifierOptions,
  env: (name: string) => string | undefined,
): SafetyIdentifierConfig | undefined {
  const option = options.safetyIdentifier;
  if (option !== undefined && typeof option !== 'boolean' && typeof option !== 'function' && typeof option !== 'string') {
    throw new Error(SAFETY_IDENTIFIER_INVALID_SOURCE('safetyIdentifier', option));
  }
  const source =
    typeof option === 'function'
      ? option
      : (parseBoolean('safetyIdentifier', option) ?? parseBoolean(ENV.enabled, env(ENV.enabled)))
        ? userOfRequest
        : undefined;
  const secret = secretOf(options.safetyIdentifierSecret, env);
  if (!source) return undefined;
  if (!secret) throw new Error(SAFETY_IDENTIFIER_SECRET_MISSING());
  return { source, secret };
}

function secretOf(option: string | undefined, env: (name: string) => string | undefined): string | undefined {
  const [setting, value] = option !== undefined ? ['safetyIdentifierSecret', option] : [ENV.secret, env(ENV.secret)];
  const secret = text(value);
  if (secret !== undefined && secret.length < SAFETY_IDENTIFIER_SECRET_MIN_LENGTH) {
    throw new Error(SAFETY_IDENTIFIER_SECRET_TOO_SHORT(setting, secret.length));
  }
  return secret;
}

/** `safetyIdentifier: true`: `req.user` itself when it is a string or a number, else its first id field that is set. */
function userOfRequest(req: unknown): unknown {
  const user = (req as { user?: unknown } | null | undefined)?.user;
  if (user === null || typeof user !== 'object') return user;
  for (const field of SAFETY_IDENTIFIER_USER_FIELDS) {
    const value = (user as Record<string, unknown>)[field];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}
