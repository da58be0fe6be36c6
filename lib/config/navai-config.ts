import path from 'node:path';
import type { Type } from '@nestjs/common';
import { DEFAULTS, ENV, FUNCTIONS_ENV, TTL_RANGE, TIMEOUT_RANGE } from '../navai.constants.js';
import { NOT_IN_ALLOW_LIST } from '../navai.messages.js';
import type { NavaiModuleOptions } from '../interfaces/navai-module-options.interface.js';
import type { RealtimeSessionDefaults } from '../interfaces/realtime-session.interface.js';
import { FOLDER_FUNCTION_DEFAULTS } from '../functions/folders/folder-functions.constants.js';
import type { GuardLike } from '../functions/tool-guards.js';
import { optionalText as text } from '../utils/optional-text.js';
import { resolveCallsConfig, type CallsConfig } from './calls.config.js';
import { parseBoolean, parseCommaList, parseHttpUrl, parseInteger, parseNameList } from './setting-parsers.js';
import { resolveSafetyIdentifierConfig, type SafetyIdentifierConfig } from './safety-identifier.config.js';

/** Where folder tools come from; see FolderFunctionsOptions for each field. */
export interface FunctionsFolderConfig {
  folders: string[];
  baseDir: string;
  agents: string[];
  extensions: string[];
  exclude: string[];
  sourceRoot: string;
  outDir: string;
  /** Undefined: decided at startup from how the app runs. */
  compiled?: boolean;
}

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
  sessionTools: boolean;
  toolTimeoutMs: number;
  bodyLimit: number;
  maxPayloadDepth: number;
  maxPayloadValues: number;
  folderToolGuards: readonly GuardLike[];
  agentGuards: Readonly<Record<string, readonly GuardLike[]>>;
  functions: FunctionsFolderConfig;
  toolModules?: readonly Type[];
  toolClasses?: readonly Type[];
  calls: CallsConfig;
  /** Undefined: no `OpenAI-Safety-Identifier` is sent. */
  safetyIdentifier?: SafetyIdentifierConfig;
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
      parseBoolean('allowFrontendApiKey', options.allowFrontendApiKey) ??
      parseBoolean(ENV.allowFrontendApiKey, env(ENV.allowFrontendApiKey)) ??
      !apiKey,
    baseUrl: options.baseUrl !== undefined
      ? parseHttpUrl('baseUrl', options.baseUrl)
      : parseHttpUrl(ENV.baseUrl, env(ENV.baseUrl) ?? DEFAULTS.baseUrl),
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
      TIMEOUT_RANGE,
    ),
    session: options.session ?? {},
    allowedModels: parseNameList('allowedModels', options.allowedModels),
    allowedVoices: parseNameList('allowedVoices', options.allowedVoices),
    sessionTools: parseBoolean('sessionTools', options.sessionTools) ?? false,
    toolTimeoutMs: parseInteger('toolTimeoutMs', options.toolTimeoutMs ?? DEFAULTS.toolTimeoutMs, TIMEOUT_RANGE),
    bodyLimit: parseInteger('bodyLimit', options.bodyLimit ?? DEFAULTS.bodyLimit, { min: 1, max: 1024 ** 3 }),
    maxPayloadDepth: parseInteger('maxPayloadDepth', options.maxPayloadDepth ?? DEFAULTS.maxPayloadDepth, { min: 1, max: 1000 }),
    maxPayloadValues: parseInteger('maxPayloadValues', options.maxPayloadValues ?? DEFAULTS.maxPayloadValues, {
      min: 1,
      max: 10_000_000,
    }),
    folderToolGuards: options.folderToolGuards ?? [],
    agentGuards: options.agentGuards ?? {},
    functions: resolveFunctionsConfig(options, env),
    toolModules: options.toolModules,
    toolClasses: options.toolClasses,
    calls: resolveCallsConfig(options, env),
    safetyIdentifier: resolveSafetyIdentifierConfig(options, env),
  };
  const violation =
    allowListViolation('model', config.model, config.allowedModels) ??
    allowListViolation('voice', config.voice, config.allowedVoices);
  if (violation) throw new Error(violation);
  return config;
}

function resolveFunctionsConfig(options: NavaiModuleOptions, env: (name: string) => string | undefined): FunctionsFolderConfig {
  const defaults = FOLDER_FUNCTION_DEFAULTS;
  const baseDir = text(options.functionsBaseDir) ?? text(env(FUNCTIONS_ENV.baseDir));
  return {
    folders: parseCommaList(options.functionsFolders ?? env(FUNCTIONS_ENV.folders)),
    baseDir: baseDir ? path.resolve(baseDir) : process.cwd(),
    agents: parseCommaList(options.agentsFolders ?? env(FUNCTIONS_ENV.agents)),
    extensions: [...(options.functionsExtensions ?? defaults.extensions)],
    exclude: [...(options.functionsExclude ?? defaults.exclude)],
    sourceRoot: text(options.functionsSourceRoot) ?? defaults.sourceRoot,
    outDir: text(options.functionsOutDir) ?? defaults.outDir,
    compiled: parseBoolean('functionsCompiled', options.functionsCompiled),
  };
}

/** The reason a value breaks its allow-list, if it does. */
export function allowListViolation(setting: string, value: string, allowed: readonly string[] | undefined) {
  return allowed && !allowed.includes(value) ? NOT_IN_ALLOW_LIST(setting, value, allowed) : undefined;
}
