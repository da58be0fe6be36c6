import { DEFAULTS, ENV, TTL_RANGE, UPSTREAM_TIMEOUT_RANGE } from '../navai.constants.js';
import { INVALID_SETTING, NOT_IN_ALLOW_LIST } from '../navai.messages.js';
import type { NavaiModuleOptions } from '../interfaces/navai-module-options.interface.js';
import type { RealtimeSessionDefaults } from '../interfaces/realtime-session.interface.js';
import { optionalText as text } from '../utils/optional-text.js';

/** The validated settings the module runs on. */
export interface NavaiConfig {
  apiKey?: string;
  allowFrontendApiKey: boolean;
  baseUrl: string;
  model: string;
  voice: string;
  instructions: string;
  language?: string;
  voiceAccent?: string;
  voiceTone?: string;
  clientSecretTtlSeconds: number;
  upstreamTimeoutMs: number;
  session: RealtimeSessionDefaults;
  allowedModels?: readonly string[];
  allowedVoices?: readonly string[];
}

/** Reads one named setting from the environment (ConfigService, then process.env). */
export type SettingReader = (name: string) => unknown;

/**
 * Merges module options over the environment and validates the result.
 * Explicit options win; a setting that is present but invalid throws, naming it.
 */
export function resolveNavaiConfig(options: NavaiModuleOptions, read: SettingReader): NavaiConfig {
  const env = (name: string) => {
    const value = read(name);
    return value === undefined || value === null ? undefined : String(value);
  };
  const apiKey = text(options.apiKey) ?? text(env(ENV.apiKey));
  const config: NavaiConfig = {
    apiKey,
    allowFrontendApiKey:
      options.allowFrontendApiKey ?? parseBoolean(ENV.allowFrontendApiKey, env(ENV.allowFrontendApiKey)) ?? !apiKey,
    baseUrl: options.baseUrl !== undefined
      ? parseBaseUrl('baseUrl', options.baseUrl)
      : parseBaseUrl(ENV.baseUrl, env(ENV.baseUrl) ?? DEFAULTS.baseUrl),
    model: text(options.model) ?? text(env(ENV.model)) ?? DEFAULTS.model,
    voice: text(options.voice) ?? text(env(ENV.voice)) ?? DEFAULTS.voice,
    instructions: text(options.instructions) ?? text(env(ENV.instructions)) ?? DEFAULTS.instructions,
    language: text(options.language) ?? text(env(ENV.language)),
    voiceAccent: text(options.voiceAccent) ?? text(env(ENV.voiceAccent)),
    voiceTone: text(options.voiceTone) ?? text(env(ENV.voiceTone)),
    clientSecretTtlSeconds: options.clientSecretTtlSeconds !== undefined
      ? parseInteger('clientSecretTtlSeconds', options.clientSecretTtlSeconds, TTL_RANGE)
      : parseInteger(ENV.clientSecretTtl, env(ENV.clientSecretTtl) ?? DEFAULTS.clientSecretTtl, TTL_RANGE),
    upstreamTimeoutMs: parseInteger(
      'upstreamTimeoutMs',
      options.upstreamTimeoutMs ?? DEFAULTS.upstreamTimeoutMs,
      UPSTREAM_TIMEOUT_RANGE,
    ),
    session: options.session ?? {},
    allowedModels: allowList('allowedModels', options.allowedModels),
    allowedVoices: allowList('allowedVoices', options.allowedVoices),
  };
  const violation =
    allowListViolation('model', config.model, config.allowedModels) ??
    allowListViolation('voice', config.voice, config.allowedVoices);
  if (violation) throw new Error(violation);
  return config;
}

/** The reason a value breaks its allow-list, if it does. */
export function allowListViolation(setting: string, value: string, allowed: readonly string[] | undefined) {
  return allowed && !allowed.includes(value) ? NOT_IN_ALLOW_LIST(setting, value, allowed) : undefined;
}

function parseBoolean(setting: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  const normalized = raw.trim().toLowerCase();
  if (normalized === 'true') return true;
  if (normalized === 'false') return false;
  throw new Error(INVALID_SETTING(setting, raw, '"true" or "false"'));
}

function parseInteger(setting: string, raw: string | number, range: { min: number; max: number }): number {
  const value = typeof raw === 'number' ? raw : /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(INVALID_SETTING(setting, raw, `an integer from ${range.min} to ${range.max}`));
  }
  return value;
}

function parseBaseUrl(setting: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(INVALID_SETTING(setting, raw, 'an http(s) URL such as https://api.openai.com/v1'));
  }
  return url.href.replace(/\/+$/, '');
}

function allowList(setting: string, values: string[] | undefined): readonly string[] | undefined {
  if (values === undefined) return undefined;
  const list = Array.isArray(values) ? values.filter((value) => typeof value === 'string').map((value) => value.trim()).filter(Boolean) : [];
  if (list.length === 0) {
    throw new Error(INVALID_SETTING(setting, values, 'a non-empty list of names'));
  }
  return list;
}
