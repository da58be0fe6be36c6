/**
 * Checks a client_secrets request body the way OpenAI's GA endpoint does, returning
 * the first problem as `{ message, param }` (or null when OpenAI would accept it).
 */
export interface RequestProblem {
  message: string;
  param: string | null;
}

const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
const FORMATS = ['audio/pcm', 'audio/pcmu', 'audio/pcma'];
const SESSION_KEYS = [
  'type', 'model', 'instructions', 'audio', 'output_modalities', 'tools', 'tool_choice',
  'max_output_tokens', 'tracing', 'truncation', 'prompt', 'include',
];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const problem = (message: string, param: string | null): RequestProblem => ({ message, param });

/**
 * `OpenAI-Safety-Identifier`, as OpenAI takes it on Realtime requests: optional; when sent, one
 * value of 1 to 64 characters (the limit of `safety_identifier` elsewhere in its API).
 */
export function checkSafetyIdentifier(header: string | string[] | undefined): RequestProblem | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (value.length === 0) return problem("Invalid 'OpenAI-Safety-Identifier' header: expected a non-empty string.", 'safety_identifier');
  if (value.length > 64) {
    return problem(
      `Invalid 'OpenAI-Safety-Identifier' header: string too long. Expected a string with maximum length 64, but got a string with length ${value.length} instead.`,
      'safety_identifier',
    );
  }
  return null;
}

export function checkClientSecretRequest(body: unknown): RequestProblem | null {
  if (!isObject(body)) return problem('The body must be a JSON object.', null);
  for (const key of Object.keys(body)) {
    if (key !== 'expires_after' && key !== 'session') return problem(`Unknown parameter: '${key}'.`, key);
  }
  if (body.expires_after !== undefined) {
    const expires = body.expires_after;
    if (!isObject(expires) || expires.anchor !== 'created_at') {
      return problem("Invalid value for 'expires_after.anchor': expected 'created_at'.", 'expires_after.anchor');
    }
    const seconds = expires.seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 10 || seconds > 7200) {
      return problem(
        `Invalid 'expires_after.seconds': ${JSON.stringify(seconds)}. Expected an integer between 10 and 7200.`,
        'expires_after.seconds',
      );
    }
  }
  return body.session === undefined ? null : checkSession(body.session);
}

function checkSession(session: unknown): RequestProblem | null {
  if (!isObject(session)) return problem("'session' must be an object.", 'session');
  if (session.type !== 'realtime') return problem("Invalid 'session.type': expected 'realtime'.", 'session.type');
  for (const key of Object.keys(session)) {
    if (!SESSION_KEYS.includes(key)) return problem(`Unknown parameter: 'session.${key}'.`, `session.${key}`);
  }
  if (session.model !== undefined && (typeof session.model !== 'string' || !/^gpt-[a-z0-9.-]+$/.test(session.model))) {
    return problem(`Invalid 'session.model': ${JSON.stringify(session.model)}.`, 'session.model');
  }
  if (session.instructions !== undefined && typeof session.instructions !== 'string') {
    return problem("'session.instructions' must be a string.", 'session.instructions');
  }
  const modalities = session.output_modalities;
  if (modalities !== undefined && !(Array.isArray(modalities) && modalities.length === 1 && ['audio', 'text'].includes(modalities[0]))) {
    return problem("Invalid 'session.output_modalities': use ['audio'] or ['text'].", 'session.output_modalities');
  }
  const tokens = session.max_output_tokens;
  if (tokens !== undefined && tokens !== 'inf' && !(Number.isInteger(tokens) && (tokens as number) >= 1 && (tokens as number) <= 4096)) {
    return problem("Invalid 'session.max_output_tokens'.", 'session.max_output_tokens');
  }
  return checkAudio(session.audio) ?? checkTools(session.tools);
}

function checkAudio(audio: unknown): RequestProblem | null {
  if (audio === undefined) return null;
  if (!isObject(audio)) return problem("'session.audio' must be an object.", 'session.audio');
  for (const key of Object.keys(audio)) {
    if (key !== 'input' && key !== 'output') return problem(`Unknown parameter: 'session.audio.${key}'.`, `session.audio.${key}`);
  }
  for (const side of ['input', 'output'] as const) {
    const part = audio[side];
    if (part === undefined) continue;
    if (!isObject(part)) return problem(`'session.audio.${side}' must be an object.`, `session.audio.${side}`);
    const format = part.format;
    if (format !== undefined && !(isObject(format) && FORMATS.includes(String(format.type)))) {
      return problem(`Invalid 'session.audio.${side}.format': expected an object with a type.`, `session.audio.${side}.format`);
    }
  }
  const output = audio.output as Json | undefined;
  if (output?.voice !== undefined && !VOICES.includes(String(output.voice))) {
    return problem(
      `Invalid value: '${String(output.voice)}'. Supported values are: ${VOICES.map((v) => `'${v}'`).join(', ')}.`,
      'session.audio.output.voice',
    );
  }
  const speed = output?.speed;
  if (speed !== undefined && !(typeof speed === 'number' && speed >= 0.25 && speed <= 1.5)) {
    return problem("Invalid 'session.audio.output.speed': expected 0.25 to 1.5.", 'session.audio.output.speed');
  }
  return null;
}

function checkTools(tools: unknown): RequestProblem | null {
  if (tools === undefined) return null;
  if (!Array.isArray(tools)) return problem("'session.tools' must be an array.", 'session.tools');
  for (const [index, tool] of tools.entries()) {
    const param = `session.tools[${index}]`;
    if (!isObject(tool) || tool.type !== 'function' || typeof tool.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) {
      return problem(`Invalid '${param}': expected a function tool with a valid name.`, param);
    }
    const parameters = tool.parameters;
    if (parameters !== undefined && !(isObject(parameters) && parameters.type === 'object')) {
      return problem(`Invalid '${param}.parameters': expected a JSON Schema object.`, `${param}.parameters`);
    }
  }
  return null;
}
