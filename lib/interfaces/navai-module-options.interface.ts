import type { CanActivate, Type } from '@nestjs/common';
import type { RealtimeSessionDefaults } from './realtime-session.interface.js';
import type { CallsOptions } from './calls-options.interface.js';
import type { SpeechOptions } from './speech-options.interface.js';
import type { SafetyIdentifierOptions } from './safety-identifier-options.interface.js';

/**
 * Options of `NavaiModule.forRoot()` / `forRootAsync()`. Every field is optional: an unset field
 * that has an environment variable (named beside it) falls back to ConfigService, then to
 * `process.env`; every unset field then takes its default.
 */
export interface NavaiModuleOptions extends CallsOptions, SpeechOptions, SafetyIdentifierOptions {
  /** Server-side OpenAI key (OPENAI_API_KEY). */
  apiKey?: string;
  /** OpenAI API base URL (OPENAI_BASE_URL), default `https://api.openai.com/v1`. */
  baseUrl?: string;
  /** Realtime model (OPENAI_REALTIME_MODEL), default `gpt-realtime`. */
  model?: string;
  /** Output voice (OPENAI_REALTIME_VOICE), default `marin`. */
  voice?: string;
  /** Base instructions (OPENAI_REALTIME_INSTRUCTIONS). */
  instructions?: string;
  /** Adds "Always reply in {language}." (OPENAI_REALTIME_LANGUAGE). */
  language?: string;
  /** Adds "Use a {voiceAccent} accent while speaking." (OPENAI_REALTIME_VOICE_ACCENT). */
  voiceAccent?: string;
  /** Adds "Use a {voiceTone} tone while speaking." (OPENAI_REALTIME_VOICE_TONE). */
  voiceTone?: string;
  /** Seconds a minted secret can start sessions, 10–7200 (OPENAI_REALTIME_CLIENT_SECRET_TTL), default 600. */
  clientSecretTtlSeconds?: number;
  /** Accept `apiKey` from the request (NAVAI_ALLOW_FRONTEND_API_KEY). Default: only when no server key is set. */
  allowFrontendApiKey?: boolean;
  /** Time limit of the call to OpenAI, default 10 000 ms. */
  upstreamTimeoutMs?: number;
  /** Extra session fields sent with every mint (turn detection, transcription, modalities...). */
  session?: RealtimeSessionDefaults;
  /** When set, only these models may be minted (defaults and request overrides alike). */
  allowedModels?: string[];
  /** When set, only these voices may be minted (defaults and request overrides alike). */
  allowedVoices?: string[];

  /** Put the registry's tools, in the Realtime shape, into `session.tools` of every minted secret. Default false. */
  sessionTools?: boolean;
  /** Time limit of a tool call unless the tool sets its own `timeoutMs`; default 30 000 ms. */
  toolTimeoutMs?: number;

  /** Bytes a request body to the module's routes may have; past it, 413. Default 102400. */
  bodyLimit?: number;
  /** How deep a tool payload may nest; deeper answers 400. Default 16. */
  maxPayloadDepth?: number;
  /** How many keys and array items a tool payload may hold in all; more answers 413. Default 10 000. */
  maxPayloadValues?: number;
  /** Guards for every folder tool (classes resolved with dependency injection, or instances). */
  folderToolGuards?: Array<Type<CanActivate> | CanActivate>;
  /**
   * Guards for the folder tools of one agent folder, by its name exactly as in `agentsFolders`;
   * a name that is not an agent folder stops startup.
   */
  agentGuards?: Record<string, Array<Type<CanActivate> | CanActivate>>;
  /**
   * Who sees the startup warnings in `GET /navai/functions` (unmatched folders, renamed tools,
   * modules that failed to load): `true` for every caller, or a check of the request. Default
   * false: the list answers `warnings: []` and the warnings are only logged.
   */
  showWarnings?: boolean | ((req: unknown) => boolean | Promise<boolean>);

  /** Folders of plain function modules (NAVAI_FUNCTIONS_FOLDERS), comma-separated; default `src/ai/functions-modules`. */
  functionsFolders?: string | string[];
  /** What folder tokens are relative to (NAVAI_FUNCTIONS_BASE_DIR); default the working directory. */
  functionsBaseDir?: string;
  /** Agent folder names (NAVAI_AGENTS_FOLDERS): a folder token then matches only `<folder>/<agent>/**`. */
  agentsFolders?: string | string[];
  /** Default `['ts', 'js', 'mjs', 'cjs', 'mts', 'cts']`. */
  functionsExtensions?: string[];
  /** Glob patterns; default `['**\/node_modules/**', '**\/dist/**', '**\/.*\/**']`. */
  functionsExclude?: string[];
  /** Where `src` lives below the base directory; default `src`. */
  functionsSourceRoot?: string;
  /** Where the compiled `src` lives below the base directory; default `dist`. */
  functionsOutDir?: string;
  /** Load compiled tool modules from `functionsOutDir`; default: when the app's entry script is inside it. */
  functionsCompiled?: boolean;
  /** How long one folder module may take to import, top-level await included; past it the module is skipped, named in the log. Default 10 000 ms. */
  functionsImportTimeoutMs?: number;

  /** Only discover `@NavaiTool()` methods on providers and controllers of these modules. */
  toolModules?: Type[];
  /** Only discover `@NavaiTool()` methods on these classes (with `toolModules`: either matches). */
  toolClasses?: Type[];
}

/** Settings that shape the module itself; they are read synchronously, also with `forRootAsync`. */
export interface NavaiModuleExtras {
  /** Register the module globally. Default false. */
  isGlobal?: boolean;
  /** Default `/navai/realtime/client-secret`. */
  clientSecretPath?: string;
  /** Default `/navai/functions`. */
  functionsListPath?: string;
  /** Default `/navai/functions/execute`. */
  functionsExecutePath?: string;
  /** Default `/navai/speech/synthesize`. */
  speechSynthesizePath?: string;
  /** Guards on every route of the module, e.g. `[AuthGuard]`: resolved with dependency injection from NavaiModule's scope. */
  guards?: Array<Type<CanActivate> | CanActivate>;
  /** Guards on the client-secret route only, e.g. `[ThrottlerGuard]`. */
  clientSecretGuards?: Array<Type<CanActivate> | CanActivate>;
  /** Guards on the speech route only, e.g. `[ThrottlerGuard]`: every character costs money. */
  speechGuards?: Array<Type<CanActivate> | CanActivate>;
  /** Mount the two function routes. Default true; the registry is built either way. */
  functionsRoutes?: boolean;
  /** Default `/navai/realtime/calls`. */
  callsPath?: string;
  /** Mount `POST /navai/realtime/calls` (server-side WebRTC calls). Default true. */
  callsRoutes?: boolean;
  /** Default `/navai/realtime/webhook`; it answers 404 until a webhook secret is configured. */
  webhookPath?: string;
  /** Describe the routes in the app's OpenAPI document when @nestjs/swagger is installed. Default true; false never loads it. */
  openApi?: boolean;
  /** Mount the playground page (tools and voice, for trying the module in a browser). Default false. */
  playground?: boolean;
  /** Default `/navai/playground`. */
  playgroundPath?: string;
}
