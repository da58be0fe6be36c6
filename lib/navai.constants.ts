export const NAVAI_CONFIG = Symbol('NAVAI_CONFIG');

export const NAVAI_LOGGER_CONTEXT = 'Navai';

export const ENV = {
  apiKey: 'OPENAI_API_KEY',
  model: 'OPENAI_REALTIME_MODEL',
  voice: 'OPENAI_REALTIME_VOICE',
  instructions: 'OPENAI_REALTIME_INSTRUCTIONS',
  language: 'OPENAI_REALTIME_LANGUAGE',
  voiceAccent: 'OPENAI_REALTIME_VOICE_ACCENT',
  voiceTone: 'OPENAI_REALTIME_VOICE_TONE',
  clientSecretTtl: 'OPENAI_REALTIME_CLIENT_SECRET_TTL',
  allowFrontendApiKey: 'NAVAI_ALLOW_FRONTEND_API_KEY',
  baseUrl: 'OPENAI_BASE_URL',
} as const;

export const DEFAULTS = {
  model: 'gpt-realtime',
  voice: 'marin',
  instructions: 'You are a helpful assistant.',
  clientSecretTtl: 600,
  baseUrl: 'https://api.openai.com/v1',
  upstreamTimeoutMs: 10_000,
  toolTimeoutMs: 30_000,
  bodyLimit: 100 * 1024,
  maxPayloadDepth: 16,
  maxPayloadValues: 10_000,
  functionsImportTimeoutMs: 10_000,
} as const;

export const TTL_RANGE = { min: 10, max: 7200 } as const;
export const TIMEOUT_RANGE = { min: 1, max: 600_000 } as const;

export const DEFAULT_ROUTES = {
  clientSecretPath: '/navai/realtime/client-secret',
  functionsListPath: '/navai/functions',
  functionsExecutePath: '/navai/functions/execute',
  speechSynthesizePath: '/navai/speech/synthesize',
  playgroundPath: '/navai/playground',
} as const;

export const CLIENT_SECRETS_PATH = '/realtime/client_secrets';

/** Upper bounds on the client-secret request fields, in characters. */
export const CLIENT_SECRET_REQUEST_LIMITS = {
  model: 128,
  voice: 64,
  instructions: 32_768,
  language: 64,
  voiceAccent: 64,
  voiceTone: 64,
  apiKey: 512,
} as const;

export const NAVAI_TOOL_METADATA = 'navai:tool';

/** OpenAI's limit on a function tool's name. */
export const TOOL_NAME_MAX_LENGTH = 64;

/** Names a tool may have. */
export const TOOL_NAME_PATTERN = new RegExp(`^[a-z0-9_-]{1,${TOOL_NAME_MAX_LENGTH}}$`);

/** Names the execute route accepts, trimmed, before it lower-cases them. */
export const CALLED_NAME_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${TOOL_NAME_MAX_LENGTH}}$`);

export const FUNCTIONS_ENV = {
  folders: 'NAVAI_FUNCTIONS_FOLDERS',
  baseDir: 'NAVAI_FUNCTIONS_BASE_DIR',
  agents: 'NAVAI_AGENTS_FOLDERS',
} as const;
