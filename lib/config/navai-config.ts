import path from 'node:path';
import type { Type } from '@nestjs/common';
import { DEFAULTS, ENV, FUNCTIONS_ENV, TTL_RANGE, TIMEOUT_RANGE } from '../navai.constants.js';
import { INVALID_SETTING, NOT_IN_ALLOW_LIST, SESSION_SPEAKS_TWICE, UNKNOWN_AGENT_GUARDS } from '../navai.messages.js';
import type { NavaiModuleOptions } from '../interfaces/navai-module-options.interface.js';
import type { RealtimeSessionDefaults } from '../interfaces/realtime-session.interface.js';
import { FOLDER_FUNCTION_DEFAULTS } from '../functions/folders/folder-functions.constants.js';
import type { GuardLike } from '../functions/tool-guards.js';
import { agentFolderName } from '../functions/folders/folder-token.parser.js';
import { optionalText as text } from '../utils/optional-text.js';
import { resolveCallsConfig, type CallsConfig } from './calls.config.js';
import { parseApiKey, parseBoolean, parseCommaList, parseHttpUrl, parseInteger, parseNameList } from './setting-parsers.js';
import { resolveSpeechConfig, type SpeechConfig } from './speech.config.js';
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
  /** How long one module may take to import (its top-level await included). */
  importTimeoutMs: number;
}

/** Whether the caller of a list request may see the startup warnings. */
export type WarningsVisibility = (req: unknown) => boolean | Promise<boolean>;

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
  /** By agent folder name; every name is one of `functions.agents`. */
  agentGuards: ReadonlyMap<string, readonly GuardLike[]>;
  showWarnings: WarningsVisibility;
  functions: FunctionsFolderConfig;
  toolModules?: readonly Type[];
  toolClasses?: readonly Type[];
  calls: CallsConfig;
  speech: SpeechConfig;
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
  const apiKey = parseApiKey('apiKey', options.apiKey) ?? parseApiKey(ENV.apiKey, env(ENV.apiKey));
  const functions = resolveFunctionsConfig(options, env);
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
    agentGuards: parseAgentGuards(options.agentGuards, functions.agents),
    showWarnings: parseWarningsVisibility(options.showWarnings),
    functions,
    toolModules: options.toolModules,
    toolClasses: options.toolClasses,
    calls: resolveCallsConfig(options, env),
    speech: resolveSpeechConfig(options, env),
    safetyIdentifier: resolveSafetyIdentifierConfig(options, env),
  };
  const { speech } = config;
  const violation =
    allowListViolation('model', config.model, config.allowedModels) ??
    allowListViolation('voice', config.voice, config.allowedVoices) ??
    (speech.voiceId ? allowListViolation('elevenLabsVoiceId', speech.voiceId, speech.allowedVoices) : undefined) ??
    (speech.modelId ? allowListViolation('elevenLabsModelId', speech.modelId, speech.allowedModels) : undefined);
  if (violation) throw new Error(violation);
  if (speech.provider === 'elevenlabs' && config.session.output_modalities?.[0] === 'audio') {
    throw new Error(SESSION_SPEAKS_TWICE());
  }
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
    importTimeoutMs: parseInteger(
      'functionsImportTimeoutMs',
      options.functionsImportTimeoutMs ?? DEFAULTS.functionsImportTimeoutMs,
      TIMEOUT_RANGE,
    ),
  };
}

/**
 * Guards by agent folder: each name must be one of `agentsFolders`, exactly (folder names are
 * case-sensitive), or the tools it meant to guard would run unguarded.
 */
function parseAgentGuards(
  agentGuards: NavaiModuleOptions['agentGuards'],
  agents: readonly string[],
): ReadonlyMap<string, readonly GuardLike[]> {
  if (agentGuards === undefined) return new Map();
  if (typeof agentGuards !== 'object' || agentGuards === null || Array.isArray(agentGuards)) {
    throw new Error(INVALID_SETTING('agentGuards', agentGuards, 'an object of guard lists by agent folder name'));
  }
  const known = new Set(agents.map(agentFolderName).filter(Boolean));
  const guards = new Map<string, readonly GuardLike[]>();
  for (const [agent, list] of Object.entries(agentGuards)) {
    if (!known.has(agent)) throw new Error(UNKNOWN_AGENT_GUARDS(agent, [...known]));
    if (!Array.isArray(list)) throw new Error(INVALID_SETTING(`agentGuards.${agent}`, typeof list, 'a list of guards'));
    guards.set(agent, [...list]);
  }
  return guards;
}

function parseWarningsVisibility(raw: NavaiModuleOptions['showWarnings']): WarningsVisibility {
  if (typeof raw === 'function') return raw;
  const shown = parseBoolean('showWarnings', raw) ?? false;
  return () => shown;
}

/** The reason a value breaks its allow-list, if it does. */
export function allowListViolation(setting: string, value: string, allowed: readonly string[] | undefined) {
  return allowed && !allowed.includes(value) ? NOT_IN_ALLOW_LIST(setting, value, allowed) : undefined;
}
