import { INVALID_API_KEY, INVALID_SETTING } from '../navai.messages.js';
import { optionalText } from '../utils/optional-text.js';

/** Turn raw setting values (options or environment strings) into typed ones, or throw naming the setting. */

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false };
/** The spellings the Navai Express package accepts for its ElevenLabs flag. */
const LOOSE_BOOLEAN_WORDS: Record<string, boolean> = { ...BOOLEAN_WORDS, 1: true, yes: true, 0: false, no: false };

/**
 * A boolean option as given, or a "true"/"false" string (env variables, values read from ConfigService);
 * `loose` also takes "1"/"yes" and "0"/"no".
 */
export function parseBoolean(setting: string, raw: unknown, loose = false): boolean | undefined {
  if (raw === undefined || typeof raw === 'boolean') return raw;
  const words = loose ? LOOSE_BOOLEAN_WORDS : BOOLEAN_WORDS;
  const normalized = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (Object.hasOwn(words, normalized)) return words[normalized];
  throw new Error(INVALID_SETTING(setting, raw, loose ? '"true", "false", "1", "0", "yes" or "no"' : '"true" or "false"'));
}

export function parseInteger(setting: string, raw: string | number, range: { min: number; max: number }): number {
  const value = typeof raw === 'number' ? raw : /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(INVALID_SETTING(setting, raw, `an integer from ${range.min} to ${range.max}`));
  }
  return value;
}

/** A finite number in the range, as given or as a decimal string. */
export function parseNumber(setting: string, raw: string | number, range: { min: number; max: number }): number {
  const value = typeof raw === 'number' ? raw : /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < range.min || value > range.max) {
    throw new Error(INVALID_SETTING(setting, raw, `a number from ${range.min} to ${range.max}`));
  }
  return value;
}

export function parseHttpUrl(setting: string, raw: string, example = 'https://api.openai.com/v1'): string {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  // Paths are appended to it: a query or a fragment would swallow them.
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new Error(INVALID_SETTING(setting, raw, `an http(s) URL without a query or fragment, such as ${example}`));
  }
  return url.href.replace(/\/+$/, '');
}

/** A non-empty list of trimmed names. */
export function parseNameList(setting: string, values: readonly string[] | undefined): readonly string[] | undefined {
  if (values === undefined) return undefined;
  const list = Array.isArray(values) ? parseCommaList(values) : [];
  if (list.length === 0) throw new Error(INVALID_SETTING(setting, values, 'a non-empty list of names'));
  return list;
}

/** `"a, b"` or `["a", "b, c"]` → `["a", "b", "c"]`; blanks dropped. */
export function parseCommaList(value: string | readonly string[] | undefined): string[] {
  const items = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  return items
    .filter((item) => typeof item === 'string')
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A server key that an Authorization header can carry (visible ASCII); blank counts as unset. The value is never shown. */
export function parseApiKey(setting: string, raw: unknown): string | undefined {
  const key = optionalText(raw);
  if (key !== undefined && !/^[\x21-\x7e]+$/.test(key)) throw new Error(INVALID_API_KEY(setting));
  return key;
}
