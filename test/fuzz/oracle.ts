import { isDeepStrictEqual } from 'node:util';
import { CANARY_KEY } from '../support/canary.js';
import { describeCase, type FuzzCase } from './arbitraries.js';
import {
  BODY_LIMIT,
  CLIENT_SECRET_FIELDS,
  CLIENT_SECRET_LIMITS,
  GUARDED_TOOLS,
  MAX_PAYLOAD_DEPTH,
  MAX_PAYLOAD_VALUES,
  TOOL_NAMES,
  TOOL_SOURCES,
  type Route,
  type ToolName,
} from './contract.js';
import { ALLOWED_MODELS, ALLOWED_VOICES, KNOWN_SKUS, NO_SUCH_PRODUCT, STAFF_TOKEN } from './fuzz-app.js';
import type { RawResponse } from './raw-http.js';

export type Platform = 'express' | 'fastify';

export interface OracleContext {
  platform: Platform;
  /** What `GET /navai/functions` answered, before the run, to an anonymous caller and to staff. */
  lists: { anonymous: unknown; staff: unknown };
}

export interface Verdict {
  problems: string[];
  /** Whether the answer was checked against an exact model of the contract, not only its shapes. */
  modeled: boolean;
  /** `code` of an execute envelope, for the coverage tally. */
  code?: string;
}

/** One acceptable answer: a status with an exact body, or with a check of its body. */
interface Outcome {
  status: number;
  body?: unknown;
  check?: (json: any) => string | undefined;
}

/** Statuses each route may answer to any request, from the README and the platforms (see PARSER_ERRORS). */
export const ALLOWED_STATUSES: Record<Route, readonly number[]> = {
  // 200 minted; 400 not JSON / not an object / a field breaks its type or limit / outside an allow-list;
  // 403 apiKey sent while not allowed; 413 past bodyLimit; 415 a body the platform cannot decode.
  mint: [200, 400, 403, 413, 415],
  // 200 the list; 304 Express answering a GET with If-None-Match: *; 400, 413, 415 a body the
  // platform's parser refuses (GET bodies are parsed by Express) or one past bodyLimit.
  list: [200, 304, 400, 413, 415],
  // The envelope's statuses: 400 MISSING_FUNCTION_NAME, INVALID_REQUEST, INVALID_ARGUMENTS;
  // 403 FORBIDDEN; 404 UNKNOWN_FUNCTION; 413 PAYLOAD_TOO_LARGE; 422 a NavaiToolError; plus 415 from the parser.
  execute: [200, 400, 403, 404, 413, 415, 422],
};

/**
 * Errors the platform's body parser answers before the request is routed, so before the execute
 * route's envelope filter exists for it: Nest answers them in its own `{ statusCode, message }`
 * shape on every route. These messages, and only these, are accepted outside the envelope.
 */
export const PARSER_ERRORS: Record<Platform, Record<number, RegExp>> = {
  express: {
    // body-parser: JSON.parse's SyntaxError for text that is not strict JSON (objects and arrays
    // only), and zlib's errors for a body that does not match its Content-Encoding.
    400: /\bJSON\b|^incorrect header check$|^unexpected end of file$|^Decompression failed$|^invalid (block type|stored block lengths|distance too far back|code lengths set|literal\/lengths set|distances set|bit length repeat)$|^too many length or distance symbols$/,
    // body-parser's own limit (100 kb, the same as the module's default bodyLimit).
    413: /^request entity too large$/,
    // a charset iconv cannot decode, a Content-Encoding body-parser does not know.
    415: /^unsupported (charset|content encoding) "/,
  },
  fastify: {
    // Fastify's JSON parser: malformed JSON, an empty JSON body, and __proto__ / constructor.prototype keys;
    // and (the Fastify under Nest 11) a body whose received size differs from its Content-Length.
    400: /^Body is not valid JSON but content-type is set to 'application\/json'$|^Body cannot be empty when content-type is set to 'application\/json'$|^Request body size did not match Content-Length$/,
    // Fastify's bodyLimit (1 MiB).
    413: /^Request body is too large$/,
    // no content-type parser for the request's type (or none given with a body).
    415: /^Unsupported Media Type$/,
  },
};

/**
 * Nest 11's Express adapter also logs the parser errors above at the error level, stack included,
 * under ExceptionsHandler (Nest 12 does not). Such a line is the platform's note of bad input it
 * answered, not a failure of ours.
 */
export function isPlatformParserLog(line: string): boolean {
  const message = /^error \w*Error: (.*)/.exec(line)?.[1];
  return message !== undefined && line.endsWith(' ExceptionsHandler') && Object.values(PARSER_ERRORS.express).some((parser) => parser.test(message));
}

/** A frame of a stack trace, as V8 prints it. */
const STACK_FRAME = /\n\s+at \S.*:\d+:\d+|\bat .+\.(ts|js|mjs|cjs):\d+/;

const BODY_TOO_LARGE = `The request body is larger than ${BODY_LIMIT} bytes.`;
const JSON_REQUIRED = 'Send the request body as application/json.';
const NOT_JSON_MINT = { statusCode: 415, message: JSON_REQUIRED, error: 'Unsupported Media Type' };
const NOT_JSON_EXECUTE = { ok: false, code: 'INVALID_REQUEST', error: JSON_REQUIRED, details: JSON_REQUIRED };
/** The module's POST routes take `application/json` only, whatever the platform parses. */
const isJsonRequest = (c: FuzzCase) => /^application\/json[ \t]*(?:;|$)/i.test(headerValue(c, 'content-type') ?? '');
const REQUEST_KEY_REFUSED = {
  statusCode: 403,
  message: 'This server does not accept apiKey in the request (NAVAI_ALLOW_FRONTEND_API_KEY is not true).',
  error: 'Forbidden',
};
const MISSING_NAME = {
  ok: false,
  code: 'MISSING_FUNCTION_NAME',
  error: 'function_name is required.',
  details: 'Send the name of a listed tool as function_name.',
};
const INVALID_NAME = {
  ok: false,
  code: 'INVALID_REQUEST',
  error: 'Invalid function_name.',
  details: 'function_name must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -.',
};
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ENVELOPE_CODES = ['MISSING_FUNCTION_NAME', 'INVALID_REQUEST', 'UNKNOWN_FUNCTION', 'INVALID_ARGUMENTS', 'FORBIDDEN', 'TIMEOUT', 'EXECUTION_FAILED', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED'];

const isRecord = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const roundTrip = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
/** A header value as the server reads it: HTTP drops the spaces and tabs around it. */
const headerValue = (c: FuzzCase, name: string) => c.headers[name]?.replace(/^[ \t]+|[ \t]+$/g, '');
const staffOf = (c: FuzzCase) => headerValue(c, 'authorization') === STAFF_TOKEN;
const usable = (staff: boolean) => TOOL_NAMES.filter((name) => staff || !GUARDED_TOOLS.includes(name));

// ---------------------------------------------------------------- the verdict

export function judge(c: FuzzCase, res: RawResponse, context: OracleContext): Verdict {
  const problems: string[] = [];
  const verdict: Verdict = { problems, modeled: false };
  if (res.status >= 500) problems.push(`answered ${res.status}: no request may cause a server error`);
  if (!ALLOWED_STATUSES[c.route].includes(res.status)) problems.push(`status ${res.status} is not one this route may answer`);
  if (res.text.includes(CANARY_KEY)) problems.push('the server key is in the body');
  if (res.status === 304) {
    if (!(context.platform === 'express' && c.route === 'list' && headerValue(c, 'if-none-match') === '*')) problems.push('304 without If-None-Match: *');
    if (res.text !== '') problems.push('a 304 with a body');
    return verdict;
  }
  if (!/^application\/json\b/.test(String(res.headers['content-type']))) problems.push(`content-type ${res.headers['content-type']}`);
  let json: any;
  try {
    json = JSON.parse(res.text);
  } catch {
    problems.push('the body is not JSON');
    return verdict;
  }
  if (res.status !== 200 && STACK_FRAME.test(res.text)) problems.push('a stack trace in an error body');
  // Past the limit by Content-Length (and not compressed), nothing is read: the platform or the module refuses it.
  const pastLimit = c.body !== undefined && !c.chunked && c.body.length > BODY_LIMIT && !('content-encoding' in c.headers);
  if (pastLimit && res.status !== 413 && res.status !== 415) problems.push('a body past bodyLimit was not refused');
  if (c.route === 'execute' && isRecord(json) && typeof json.code === 'string') verdict.code = json.code;
  if (c.route !== 'list' && !isJsonRequest(c) && res.status !== 415 && res.status !== 413 && res.status !== 400) {
    problems.push(`answered ${res.status} to a request that is not application/json`);
  }

  const outcomes = model(c, context);
  if (outcomes) {
    verdict.modeled = true;
    const matched = outcomes.some((outcome) => outcome.status === res.status && outcomeProblem(outcome, json) === undefined);
    if (!matched) {
      const reasons = outcomes.map((outcome) => `${outcome.status}${outcome.status === res.status ? ` (${outcomeProblem(outcome, json)})` : ''}`);
      problems.push(`expected ${reasons.join(' or ')}`);
    }
  } else {
    const problem = shapeProblem(c, res.status, json, context);
    if (problem) problems.push(problem);
  }
  return verdict;
}

function outcomeProblem(outcome: Outcome, json: unknown): string | undefined {
  if (outcome.check) return outcome.check(json);
  return isDeepStrictEqual(json, roundTrip(outcome.body)) ? undefined : `body is not ${JSON.stringify(outcome.body).slice(0, 300)}`;
}

// ---------------------------------------------------------------- shapes, for requests without a model

function shapeProblem(c: FuzzCase, status: number, json: any, context: OracleContext): string | undefined {
  const staff = staffOf(c);
  const parser = (code: number) => parserErrorProblem(json, code, context.platform);
  if (c.route === 'mint') {
    if (status === 200) return secretProblem(json);
    if (status === 403) return isDeepStrictEqual(json, REQUEST_KEY_REFUSED) ? undefined : 'not the documented 403';
    if (status === 413) return json.message === BODY_TOO_LARGE ? nestProblem(json, 413) : parser(413);
    if (status === 415) return isDeepStrictEqual(json, NOT_JSON_MINT) ? (isJsonRequest(c) ? 'refused application/json' : undefined) : parser(415);
    return nestProblem(json, status);
  }
  if (c.route === 'list') {
    if (status === 200) return isDeepStrictEqual(json, staff ? context.lists.staff : context.lists.anonymous) ? undefined : 'not the list';
    if (c.body === undefined) return `${status} for a GET without a body`;
    if (status === 413 && json.message === BODY_TOO_LARGE) return nestProblem(json, 413);
    return context.platform === 'express' ? parser(status) : `${status}: Fastify does not parse GET bodies`;
  }
  if (status === 200) {
    const name = json.function_name as ToolName;
    if (json.ok !== true || !TOOL_NAMES.includes(name) || json.source !== TOOL_SOURCES[name]) return 'not a success envelope of a registered tool';
    if (GUARDED_TOOLS.includes(name) && !staff) return `ran ${name} without the staff token`;
    return keysProblem(json, ['ok', 'function_name', 'source', 'result']);
  }
  if (status === 415 && isDeepStrictEqual(json, NOT_JSON_EXECUTE)) return isJsonRequest(c) ? 'refused application/json' : undefined;
  if (!('ok' in json) && 'statusCode' in json) return parser(status);
  if (json.ok !== false || !ENVELOPE_CODES.includes(json.code) || typeof json.error !== 'string' || typeof json.details !== 'string') {
    return 'not the execute envelope';
  }
  if (status === 400) {
    if (json.code === 'MISSING_FUNCTION_NAME') return isDeepStrictEqual(json, MISSING_NAME) ? undefined : 'not the documented MISSING_FUNCTION_NAME';
    if (json.code === 'INVALID_ARGUMENTS') return invalidArgumentsProblem(json, json.function_name);
    if (json.code === 'INVALID_REQUEST') {
      if (isDeepStrictEqual(json, INVALID_NAME)) return undefined;
      return payloadProblemOutcomes(json.function_name).some((outcome) => outcome.status === 400 && outcomeProblem(outcome, json) === undefined)
        ? undefined
        : 'not a documented INVALID_REQUEST';
    }
    return `code ${json.code} with 400`;
  }
  if (status === 403) return isDeepStrictEqual(json, forbidden('staff_report')) && !staff ? undefined : 'not the documented FORBIDDEN';
  if (status === 404) {
    const name = json.function_name;
    return typeof name === 'string' && isDeepStrictEqual(json, unknownFunction(name, staff)) ? undefined : 'not the documented UNKNOWN_FUNCTION';
  }
  if (status === 413) {
    const body = { ok: false, code: 'PAYLOAD_TOO_LARGE', error: BODY_TOO_LARGE, details: BODY_TOO_LARGE };
    if (isDeepStrictEqual(json, body)) return undefined;
    const tooMany = payloadProblemOutcomes(json.function_name).find((outcome) => outcome.status === 413);
    return tooMany && outcomeProblem(tooMany, json) === undefined ? undefined : 'not a documented PAYLOAD_TOO_LARGE';
  }
  if (status === 422) return isDeepStrictEqual(json, noSuchProduct()) ? undefined : 'not the tool\'s NavaiToolError';
  return `${status} in the envelope`;
}

function parserErrorProblem(json: any, status: number, platform: Platform): string | undefined {
  const pattern = PARSER_ERRORS[platform][status];
  if (!pattern) return `${status} is not an error ${platform}'s body parser answers`;
  return nestProblem(json, status) ?? (pattern.test(json.message) ? undefined : `${platform} parser message ${JSON.stringify(json.message)}`);
}

/** Nest's error shape: `{ statusCode, message, error? }`. */
function nestProblem(json: any, status: number): string | undefined {
  if (!isRecord(json) || json.statusCode !== status) return `not Nest's error shape for ${status}`;
  const messages = Array.isArray(json.message) ? json.message : [json.message];
  if (messages.length === 0 || !messages.every((message: unknown) => typeof message === 'string')) return 'message is not text';
  if (json.error !== undefined && typeof json.error !== 'string') return 'error is not text';
  return keysProblem(json, ['statusCode', 'message', 'error']);
}

function keysProblem(json: Record<string, unknown>, allowed: string[]): string | undefined {
  const extra = Object.keys(json).filter((key) => !allowed.includes(key));
  return extra.length ? `unexpected keys ${extra.join(', ')}` : undefined;
}

function secretProblem(json: any): string | undefined {
  if (!isDeepStrictEqual(Object.keys(json).sort(), ['expires_at', 'speech', 'value'])) return 'a secret with other keys';
  if (!isDeepStrictEqual(json.speech, { provider: 'openai' })) return 'speech is not { provider: "openai" }';
  if (typeof json.value !== 'string' || !/^ek_[0-9a-f]{24}$/.test(json.value)) return 'value is not a client secret';
  return Number.isInteger(json.expires_at) ? undefined : 'expires_at is not Unix seconds';
}

function invalidArgumentsProblem(json: any, name: unknown): string | undefined {
  if (typeof name !== 'string' || !TOOL_NAMES.includes(name as ToolName)) return 'INVALID_ARGUMENTS for no tool';
  const issues = json.issues;
  if (!Array.isArray(issues) || issues.length === 0) return 'INVALID_ARGUMENTS without issues';
  if (!issues.every((issue) => isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string' && Object.keys(issue).length === 2)) {
    return 'issues are not { path, message }';
  }
  const problems = issues.map(({ path, message }) => (path ? `${path}: ${message}` : message));
  const expected = {
    ok: false,
    function_name: name,
    code: 'INVALID_ARGUMENTS',
    error: 'Invalid arguments.',
    details: `The arguments for ${name} are invalid: ${problems.join('; ')}.`,
    issues,
  };
  return isDeepStrictEqual(json, expected) ? undefined : 'not the documented INVALID_ARGUMENTS';
}

// ---------------------------------------------------------------- the model

/** An exact model of the contract for plain JSON object bodies both platforms parse alike. */
function model(c: FuzzCase, context: OracleContext): Outcome[] | undefined {
  if (c.route === 'list') return listModel(c, context);
  const value = plainJsonObject(c);
  if (value === undefined) return undefined;
  return c.route === 'mint' ? clientSecretModel(value) : executeModel(value, staffOf(c));
}

const PLAIN_JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8']);

/**
 * The parsed body, when it is a JSON object, sent as plain JSON, within the limit, without
 * `__proto__` or `constructor` keys (Fastify's parser refuses those, Express's keeps them).
 */
function plainJsonObject(c: FuzzCase): Record<string, unknown> | undefined {
  if (!c.json || !c.body || c.body.length > BODY_LIMIT) return undefined;
  if (!PLAIN_JSON_TYPES.has(c.headers['content-type']) || 'content-encoding' in c.headers) return undefined;
  const value: unknown = JSON.parse(c.body.toString('utf8'));
  if (!isRecord(value)) return undefined;
  const { keys } = walk(value);
  return keys.has('__proto__') || keys.has('constructor') ? undefined : value;
}

/** Depth (the value itself is 1), number of keys and array items, and the keys, of a JSON value; iterative. */
function walk(root: unknown): { depth: number; values: number; keys: Set<string> } {
  const keys = new Set<string>();
  let depth = 0;
  let values = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, level] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    depth = Math.max(depth, level);
    for (const key of Object.keys(value)) {
      values += 1;
      if (!Array.isArray(value)) keys.add(key);
      stack.push([(value as Record<string, unknown>)[key], level + 1]);
    }
  }
  return { depth, values, keys };
}

function listModel(c: FuzzCase, context: OracleContext): Outcome[] | undefined {
  const list = { status: 200, body: staffOf(c) ? context.lists.staff : context.lists.anonymous };
  const notModified = context.platform === 'express' && headerValue(c, 'if-none-match') === '*';
  if (c.body === undefined) return [notModified ? { status: 304 } : list];
  // Express parses GET bodies; Fastify ignores them, and only the module's limit applies.
  if (context.platform === 'express') return undefined;
  return c.body.length > BODY_LIMIT ? [{ status: 413, body: { statusCode: 413, message: BODY_TOO_LARGE, error: 'Payload Too Large' } }] : [list];
}

/** The client-secret route: the DTO's checks, then the API-key policy, then the allow-lists. */
function clientSecretModel(body: Record<string, unknown>): Outcome[] {
  const invalid: string[] = [];
  const unsure: string[] = [];
  for (const field of CLIENT_SECRET_FIELDS) {
    const value = body[field];
    const pattern = CLIENT_SECRET_PATTERNS[field];
    const state = typeof value === 'string' && pattern && !pattern.test(value) ? 'invalid' : fieldState(value, CLIENT_SECRET_LIMITS[field]);
    if (state === 'invalid') invalid.push(field);
    if (state === 'unsure') unsure.push(field);
  }
  const refused: Outcome = { status: 400, check: (json) => validationProblem(json, invalid, unsure) };
  if (invalid.length > 0) return [refused];
  const accepted = afterValidation(body);
  return unsure.length > 0 ? [refused, ...accepted] : accepted;
}

/** Characters the DTO refuses: control characters in names (they reach logs), anything an Authorization header cannot carry in a key. */
const CLIENT_SECRET_PATTERNS: Partial<Record<string, RegExp>> = {
  model: /^[^\p{Cc}\p{Zl}\p{Zp}]*$/u,
  voice: /^[^\p{Cc}\p{Zl}\p{Zp}]*$/u,
  apiKey: /^\s*[\x21-\x7e]*\s*$/,
};

/**
 * A field passes `@IsOptional() @IsString() @MaxLength(n)` when absent, null, or a string of at
 * most n characters. Characters are counted as class-validator counts them (a surrogate pair or a
 * variation selector is not one); between that count and the UTF-16 length, either answer is accepted.
 */
function fieldState(value: unknown, limit: number): 'valid' | 'invalid' | 'unsure' {
  if (value === undefined || value === null) return 'valid';
  if (typeof value !== 'string') return 'invalid';
  const fewest = [...value].length - (value.match(/[\ufe0e\ufe0f]/g)?.length ?? 0);
  if (value.length <= limit) return 'valid';
  return fewest > limit ? 'invalid' : 'unsure';
}

function validationProblem(json: any, invalid: string[], unsure: string[]): string | undefined {
  const shape = nestProblem(json, 400);
  if (shape || !Array.isArray(json.message)) return shape ?? 'a validation error lists its messages';
  const named = [...invalid, ...unsure];
  const stray = json.message.filter((message: string) => !named.some((field) => message.startsWith(`${field} `)));
  if (stray.length > 0) return `messages about valid fields: ${stray.join('; ')}`;
  const missing = invalid.filter((field) => !json.message.some((message: string) => message.startsWith(`${field} `)));
  return missing.length > 0 ? `no message for ${missing.join(', ')}` : undefined;
}

function afterValidation(body: Record<string, unknown>): Outcome[] {
  if (text(body.apiKey)) return [{ status: 403, body: REQUEST_KEY_REFUSED }];
  const chosenModel = text(body.model) ?? 'gpt-realtime';
  if (!ALLOWED_MODELS.includes(chosenModel)) return [notAllowed('model', chosenModel, ALLOWED_MODELS)];
  const chosenVoice = text(body.voice) ?? 'marin';
  if (!ALLOWED_VOICES.includes(chosenVoice)) return [notAllowed('voice', chosenVoice, ALLOWED_VOICES)];
  return [{ status: 200, check: secretProblem }];
}

const notAllowed = (setting: string, value: string, allowed: string[]): Outcome => ({
  status: 400,
  body: { statusCode: 400, message: `${setting} "${value}" is not allowed. Allowed: ${allowed.join(', ')}.`, error: 'Bad Request' },
});

/** The execute route: name, lookup, guards, payload limits, then the tool (and its parameters). */
function executeModel(body: Record<string, unknown>, staff: boolean): Outcome[] {
  const raw = typeof body.function_name === 'string' ? body.function_name.trim() : '';
  if (!raw) return [{ status: 400, body: MISSING_NAME }];
  if (!FUNCTION_NAME.test(raw)) return [{ status: 400, body: INVALID_NAME }];
  const name = raw.toLowerCase();
  if (!TOOL_NAMES.includes(name as ToolName)) return [{ status: 404, body: unknownFunction(name, staff) }];
  const tool = name as ToolName;
  if (GUARDED_TOOLS.includes(tool) && !staff) return [{ status: 403, body: forbidden(tool) }];
  const payload = isRecord(body.payload) ? body.payload : {};
  const limits = payloadProblemOutcomes(tool, payload);
  return limits.length > 0 ? limits : TOOL_MODELS[tool](payload);
}

const unknownFunction = (name: string, staff: boolean) => ({
  ok: false,
  function_name: name,
  code: 'UNKNOWN_FUNCTION',
  error: 'Unknown or disallowed function.',
  details: `There is no tool named "${name}" that you may call.`,
  available_functions: usable(staff),
});

const forbidden = (name: string) => ({ ok: false, function_name: name, code: 'FORBIDDEN', error: 'Forbidden.', details: `You may not call ${name}.` });

const noSuchProduct = () => ({ ok: false, function_name: 'reserve_stock', code: 'EXECUTION_FAILED', error: 'The tool failed.', details: NO_SUCH_PRODUCT });

/**
 * The payload limits: each one the payload breaks is an acceptable answer (the check stops at
 * the first it meets). Without a payload, every limit answer for `name`.
 */
function payloadProblemOutcomes(name: unknown, payload?: Record<string, unknown>): Outcome[] {
  const refused = (status: number, code: string, details: string): Outcome => ({
    status,
    body: { ok: false, function_name: name, code, error: 'Invalid request.', details },
  });
  const deep = refused(400, 'INVALID_REQUEST', `The payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels.`);
  const large = refused(413, 'PAYLOAD_TOO_LARGE', `The payload holds more than ${MAX_PAYLOAD_VALUES} values.`);
  const key = (found: string) => refused(400, 'INVALID_REQUEST', `The payload may not contain the key "${found}".`);
  if (payload === undefined) return [deep, large, ...['__proto__', 'constructor', 'prototype'].map(key)];
  const { depth, values, keys } = walk(payload);
  return [
    ...(depth > MAX_PAYLOAD_DEPTH ? [deep] : []),
    ...(values > MAX_PAYLOAD_VALUES ? [large] : []),
    ...['__proto__', 'constructor', 'prototype'].filter((found) => keys.has(found)).map(key),
  ];
}

const success = (name: ToolName, result: unknown): Outcome => ({
  status: 200,
  body: { ok: true, function_name: name, source: TOOL_SOURCES[name], ...(result !== undefined && { result }) },
});
const invalidArguments = (name: ToolName): Outcome => ({ status: 400, check: (json) => invalidArgumentsProblem(json, name) });
const inRange = (value: unknown, min: number, max: number) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** What each tool answers for a payload within the limits: its documented result, or its refusal. */
const TOOL_MODELS: Record<ToolName, (payload: Record<string, any>) => Outcome[]> = {
  echo: (payload) => [success('echo', payload)],
  get_order: ({ orderId, withItems }) =>
    typeof orderId === 'string' && /^A-\d{4}$/.test(orderId) && (withItems === undefined || withItems === null || typeof withItems === 'boolean')
      ? [success('get_order', { orderId, withItems: withItems === undefined ? false : withItems, isDto: true })]
      : [invalidArguments('get_order')],
  book_room: ({ room, nights }) =>
    (room === 'single' || room === 'double') && (nights === undefined || inRange(nights, 1, 30))
      ? [success('book_room', { room, nights: nights ?? 1 })]
      : [invalidArguments('book_room')],
  forecast: (payload) => {
    const { city, days } = payload;
    const length = typeof city === 'string' ? [...city].length : -1;
    const onlyKnownKeys = Object.keys(payload).every((key) => key === 'city' || key === 'days');
    return onlyKnownKeys && length >= 2 && length <= 40 && (days === undefined || inRange(days, 1, 14))
      ? [success('forecast', { city, days: days ?? 3 })]
      : [invalidArguments('forecast')];
  },
  reserve_stock: ({ sku }) => (typeof sku === 'string' && KNOWN_SKUS.includes(sku) ? [success('reserve_stock', { reserved: sku })] : [{ status: 422, body: noSuchProduct() }]),
  staff_report: () => [success('staff_report', { openTickets: 3 })],
  quote_parcel: ({ weightKg }) => (typeof weightKg === 'number' && weightKg > 0 ? [success('quote_parcel', { cost: weightKg * 4 })] : [invalidArguments('quote_parcel')]),
  tally: (payload) => {
    const count = Array.isArray(payload.args) ? payload.args.length : Object.hasOwn(payload, 'value') || Object.keys(payload).length > 0 ? 1 : 0;
    return [success('tally', { count })];
  },
};

/** A request and its answer, short enough to read in a failure. */
export function describeExchange(c: FuzzCase, res: RawResponse | undefined, problems: string[]): string {
  return [
    problems.join('; '),
    `request: ${describeCase(c)}`,
    res ? `answer: ${res.status} ${res.headers['content-type'] ?? '(no content-type)'} ${res.text.slice(0, 400)}` : 'answer: none',
  ].join('\n  ');
}
