import * as fc from 'fast-check';
import { deflateSync, gzipSync } from 'node:zlib';
import { CANARY_REQUEST_KEY } from '../support/canary.js';
import { ALLOWED_MODELS, ALLOWED_VOICES, KNOWN_SKUS, STAFF_TOKEN } from './fuzz-app.js';
import { BODY_LIMIT, CLIENT_SECRET_FIELDS, CLIENT_SECRET_LIMITS, MAX_PAYLOAD_VALUES, ROUTES, TOOL_NAMES, type Route } from './contract.js';
import type { RawRequest } from './raw-http.js';

/** A generated request, with what the oracle needs to know about how it was made. */
export interface FuzzCase extends RawRequest {
  route: Route;
  /** How the body was made (for reports). */
  kind: string;
  /** Whether the body, as sent, is the JSON text of a value. */
  json: boolean;
}

interface BodySpec {
  kind: string;
  body?: Buffer;
  value?: unknown;
  /** The content type the body was made for (form and multipart bodies). */
  contentType?: string;
}


// ---------------------------------------------------------------- text and JSON values

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const latin1 = fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code));

const SPECIAL_TEXT = [
  '', ' ', '   ', '\t\n', '\u00a0', '\ufeff', '\u2028', '\u0000', 'null', 'undefined', 'true', '0', '-1', 'NaN',
  '<script>alert(1)</script>', '</html>', '../../etc/passwd', '%00', '${jndi:ldap://x}', "'; DROP TABLE orders;--",
  '😀', '👩‍👩‍👧', 'e\u0301', '\ud800', '\udfff', 'Ω≈ç√∫', '日本語', 'اختبار', '\u202e', 'x\u0000y',
];

/** Short text of every sort: ASCII, graphemes, any code point (lone surrogates too), and classics. */
export const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_TEXT) },
);

const blank = fc.constantFrom('', ' ', '  \t ', '\n', '\u00a0', '\ufeff');

/** Values of the wrong type for a string field (null is not among them: optional fields accept it). */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(anyText, { maxLength: 3 }),
  fc.dictionary(anyText, anyText, { maxKeys: 2 }),
);

const jsonKey = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'length', '0') },
);

/** The text with any lone surrogate replaced, as it would travel in UTF-8. */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
const uriEncoded = (text: string) => encodeURIComponent(wellFormed(text));

/** An object built with own properties only, so that `__proto__` is a key like any other. */
function objectOf(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const jsonObject = fc.array(fc.tuple(jsonKey, jsonValue), { maxLength: 5 }).map(objectOf);

/** `depth` levels of arrays or objects around a leaf, as text: no recursion to build or to print. */
function nestedText(depth: number, style: 'array' | 'object', leaf = '1'): string {
  return style === 'array' ? '['.repeat(depth) + leaf + ']'.repeat(depth) : '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

/** `depth` levels of objects around a leaf, as a value. */
function nestedValue(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

// ---------------------------------------------------------------- client-secret bodies

/** Strings just under, at and over a length limit, in ASCII or ending in a character of two code units. */
const nearLimit = (limit: number) =>
  fc.tuple(fc.integer({ min: -2, max: 2 }), fc.constantFrom('x', '😀', 'e\ufe0f')).map(([delta, last]) => 'x'.repeat(limit + delta - 1) + last);

const goodValues: Record<string, fc.Arbitrary<string>> = {
  model: fc.constantFrom(...ALLOWED_MODELS, ' gpt-realtime-mini ', 'gpt-4o-realtime-preview', 'GPT-REALTIME'),
  voice: fc.constantFrom(...ALLOWED_VOICES, ' cedar ', 'onyx', 'Marin'),
  instructions: fc.string({ maxLength: 120 }),
  language: fc.constantFrom('Spanish', 'English', 'Deutsch', '日本語', 'Quechua'),
  voiceAccent: fc.constantFrom('Colombian', 'Scottish', 'neutral'),
  voiceTone: fc.constantFrom('warm', 'calm', 'cheerful'),
  apiKey: fc.constantFrom(CANARY_REQUEST_KEY, 'sk-junk'),
};

const clientSecretEntry = fc.oneof(
  ...CLIENT_SECRET_FIELDS.map((field) => ({
    weight: field === 'apiKey' ? 1 : 4,
    arbitrary: fc
      .oneof(
        { weight: 6, arbitrary: goodValues[field] as fc.Arbitrary<unknown> },
        { weight: 2, arbitrary: anyText },
        { weight: 1, arbitrary: blank },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: nearLimit(CLIENT_SECRET_LIMITS[field]) },
        { weight: 1, arbitrary: wrongType },
      )
      .map((value) => [field, value] as const),
  })),
  { weight: 2, arbitrary: fc.tuple(jsonKey, jsonValue) },
);

const clientSecretObject = fc.array(clientSecretEntry, { maxLength: 4 }).map(objectOf);

// ---------------------------------------------------------------- execute bodies

const caseChanges = [
  (name: string) => name.toUpperCase(),
  (name: string) => name[0].toUpperCase() + name.slice(1),
  (name: string) => `  ${name} `,
  (name: string) => `\t${name}\n`,
  (name: string) => `\u00a0${name}\ufeff`,
];

const functionName = fc.oneof(
  { weight: 18, arbitrary: fc.constantFrom(...TOOL_NAMES) as fc.Arbitrary<unknown> },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...TOOL_NAMES), fc.constantFrom(...caseChanges)).map(([name, change]) => change(name)) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom('a'.repeat(65), 'drop tables', 'merge;rm', '../echo', 'échо', 'echo\u0000', 'ECHO!', 'get order', 'echo\necho'),
      anyText,
    ),
  },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.oneof(blank, fc.constant(null)) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const orderId = fc.oneof(
  fc.stringMatching(/^A-\d{4}$/),
  fc.constantFrom('A-1001', 'B-1001', 'A-10011', 'a-1001', 'A-1001\n', ' A-1001'),
  fc.integer(),
  fc.constant(null),
);

const toolPayloads: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  echo: jsonObject,
  get_order: fc.record(
    { orderId, withItems: fc.oneof(fc.boolean(), fc.constantFrom('true', 0, null)), note: anyText },
    { requiredKeys: [] },
  ),
  book_room: fc.record(
    {
      room: fc.oneof(fc.constantFrom('single', 'double'), fc.constantFrom('suite', 'Single', '', 1, null)),
      nights: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0, 31, -1, 2.5, '2', null, 1e21)),
      extra: jsonValue,
    },
    { requiredKeys: [] },
  ),
  forecast: fc.record(
    {
      city: fc.oneof(fc.string({ minLength: 2, maxLength: 40 }), anyText, fc.constantFrom('Q', 'x'.repeat(40), 'x'.repeat(41), 3, null)),
      days: fc.oneof(fc.integer({ min: 1, max: 14 }), fc.constantFrom(0, 15, 1.5, '3', null)),
      extra: jsonValue,
    },
    { requiredKeys: [] },
  ),
  reserve_stock: fc.record({ sku: fc.oneof(fc.constantFrom(...KNOWN_SKUS, 'C-3', 'a-1', 1, null), anyText) }, { requiredKeys: [] }),
  staff_report: jsonObject,
  tally: fc.oneof(
    fc.record({ args: fc.array(jsonValue, { maxLength: 6 }) }),
    fc.record({ value: jsonValue }),
    fc.record({ args: anyText, value: jsonValue }, { requiredKeys: [] }),
    jsonObject,
  ),
  quote_parcel: fc.record(
    { weightKg: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(-1, '2', null, 1e308, 5e-324)), extra: jsonValue },
    { requiredKeys: [] },
  ),
};

/** Payloads that break the documented limits: prototype keys, nesting around 16, values around 10 000. */
const limitPayload = fc.oneof(
  fc
    .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.integer({ min: 0, max: 4 }))
    .map(([key, depth]) => nestedValue(depth, objectOf([[key, { polluted: true }]])) as Record<string, unknown>),
  fc.tuple(fc.integer({ min: 12, max: 20 }), fc.boolean()).map(([depth, inArray]) => nestedValue(depth - 1, inArray ? [[1]] : { z: 1 }) as Record<string, unknown>),
  fc.integer({ min: MAX_PAYLOAD_VALUES - 4, max: MAX_PAYLOAD_VALUES + 4 }).map((size) => ({ list: Array<number>(size).fill(0) })),
);

const executeObject = functionName.chain((name) => {
  const tool = typeof name === 'string' ? name.trim().toLowerCase() : '';
  const payload = fc.oneof(
    { weight: 8, arbitrary: (Object.hasOwn(toolPayloads, tool) ? toolPayloads[tool] : jsonObject) as fc.Arbitrary<unknown> },
    { weight: 2, arbitrary: jsonValue },
    { weight: 2, arbitrary: limitPayload },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  return fc.tuple(payload, fc.array(fc.tuple(jsonKey, jsonValue), { maxLength: 2 })).map(([value, extras]) =>
    objectOf([
      ...extras,
      ...(name === undefined ? [] : [['function_name', name] as const]),
      ...(value === undefined ? [] : [['payload', value] as const]),
    ]),
  );
});

// ---------------------------------------------------------------- bodies of every kind

const routeObject: Record<Route, fc.Arbitrary<Record<string, unknown>>> = {
  mint: clientSecretObject,
  list: jsonObject,
  execute: executeObject,
};

const jsonBody = (kind: string, value: unknown): BodySpec => ({ kind, value, body: Buffer.from(JSON.stringify(value), 'utf8') });
const textBody = (kind: string, text: string | Buffer, contentType?: string): BodySpec => ({
  kind,
  body: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
  ...(contentType && { contentType }),
});

const INVALID_JSON = [
  '{', '{bad', "{'function_name':'echo'}", '{"a":1,}', '[1,2', 'NaN', 'undefined', '{"a":01}', '{"a":"\\x41"}', '{"a" 1}', 'nul',
  'tru', '{"a":1}{"b":2}', '{"a":1} trailing', '\u0000', '{"a":"\u0001"}', '"unterminated', '{"function_name":"echo",}', '0x10', '+1',
];

/** Huge bodies: a padding string sized so the whole body is the limit plus `delta` bytes. */
function hugeBody(route: Route, delta: number): BodySpec {
  const shape = (pad: string): Record<string, unknown> =>
    route === 'execute' ? { function_name: 'echo', payload: { text: pad } } : route === 'mint' ? { instructions: pad } : { pad };
  const base = JSON.stringify(shape('')).length;
  return jsonBody(`huge(${delta >= 0 ? '+' : ''}${delta})`, shape('x'.repeat(Math.max(0, BODY_LIMIT + delta - base))));
}

/** Deep nesting (far past the payload limit) in one of the route's fields. */
function deepBody(route: Route, depth: number, style: 'array' | 'object', place: number): BodySpec {
  const inner = nestedText(depth, style);
  const text =
    route === 'execute'
      ? [`{"function_name":"echo","payload":${inner}}`, `{"function_name":${inner}}`, `{"function_name":"echo","x":${inner}}`][place % 3]
      : route === 'mint'
        ? [`{"x":${inner}}`, `{"model":${inner}}`, inner][place % 3]
        : inner;
  return { kind: `deep(${depth},${style})`, body: Buffer.from(text), value: JSON.parse(text) };
}

const formKey = fc.oneof(
  fc.constantFrom(
    'function_name', 'payload[text]', 'payload[args][]', 'payload[value]', 'model', 'voice', 'apiKey', 'instructions',
    '__proto__[polluted]', 'constructor[prototype][polluted]', 'payload[__proto__][polluted]', 'a[b][c][d][e][f][g][h]', 'payload[0]',
  ),
  fc.string({ maxLength: 8 }),
);
const formValue = fc.oneof(fc.constantFrom(...TOOL_NAMES, ...ALLOWED_MODELS, ...ALLOWED_VOICES, 'A-1', 'true'), anyText);
const formBody = fc
  .tuple(fc.array(fc.tuple(formKey, formValue), { maxLength: 6 }), fc.boolean())
  .map(([pairs, encode]) => pairs.map(([key, value]) => (encode ? `${uriEncoded(key)}=${uriEncoded(value)}` : `${key}=${value}`)).join('&'));

const multipartBody = fc
  .tuple(fc.array(fc.tuple(formKey, formValue), { maxLength: 3 }), fc.constantFrom('fuzzboundary', 'other'), fc.boolean())
  .map(([parts, boundary, closed]) =>
    parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') +
    (closed ? `--${boundary}--\r\n` : ''),
  );

function bodies(route: Route): fc.Arbitrary<BodySpec> {
  // As deep as the body limit lets a body nest, on every route.
  const maxDepth = Math.floor(BODY_LIMIT / 6);
  const depths = fc.oneof(fc.integer({ min: 17, max: 64 }), fc.constantFrom(256, 512, 1_000, 5_000, 16_000)).map((depth) => Math.min(depth, maxDepth));
  return fc.oneof(
    { weight: 24, arbitrary: routeObject[route].map((value) => jsonBody('object', value)) },
    { weight: 3, arbitrary: jsonValue.map((value) => jsonBody('json-value', value)) },
    { weight: 2, arbitrary: fc.tuple(routeObject[route], fc.nat()).map(([value, cut]) => {
      const text = JSON.stringify(value);
      return textBody('truncated-json', text.slice(0, cut % Math.max(1, text.length)));
    }) },
    { weight: 1, arbitrary: fc.constantFrom(...INVALID_JSON).map((text) => textBody('invalid-json', text)) },
    { weight: 1, arbitrary: fc.constantFrom<BodySpec>({ kind: 'empty', body: Buffer.alloc(0) }, { kind: 'none' }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((bytes) => textBody('binary', Buffer.from(bytes))) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }).map((text) => textBody('unicode-text', text)) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.integer({ min: -48, max: 48 }), fc.constantFrom(0, 1, -1), fc.integer({ min: 1, max: 1_200_000 }))
        .map((delta) => hugeBody(route, delta)),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(depths, fc.constantFrom('array' as const, 'object' as const), fc.nat()).map(([depth, style, place]) => deepBody(route, depth, style, place)),
    },
    { weight: 1, arbitrary: formBody.map((text) => textBody('form', text, 'application/x-www-form-urlencoded')) },
    { weight: 1, arbitrary: multipartBody.map((text) => textBody('multipart', text, 'multipart/form-data; boundary=fuzzboundary')) },
  );
}

// ---------------------------------------------------------------- content types and headers

const contentType = fc.oneof(
  { weight: 24, arbitrary: fc.constant<string | undefined>('application/json') },
  { weight: 3, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/json;charset=UTF-8') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'APPLICATION/JSON', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=bogus',
      'application/json; charset="utf-8"', 'application/json; foo=bar', 'application/json, text/plain',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain', 'text/plain; charset=utf-8', 'application/xml', 'application/vnd.api+json', 'application/problem+json',
      'application/octet-stream', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=fuzzboundary',
      'multipart/form-data',
    ),
  },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.string({ unit: printable, maxLength: 40 }) },
);

/**
 * Header names the suite leaves to itself: the framing ones (it sets Content-Length or chunks
 * the body), those that change the connection, and `Expect`, which Node's HTTP server answers
 * itself (a bare 417, before any framework sees the request) when it does not know the value.
 */
const RESERVED = new Set([
  'host', 'content-length', 'transfer-encoding', 'content-type', 'content-encoding', 'connection', 'keep-alive', 'upgrade',
  'expect', 'te', 'trailer', 'proxy-connection', 'http2-settings', 'authorization', 'x-forwarded-for', 'if-none-match',
]);

const headerName = fc
  .tuple(fc.constantFrom('x-', ''), fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9!#$%&'*+.^_`|~-]{0,24}$/))
  .map(([prefix, name]) => prefix + name)
  .filter((name) => !RESERVED.has(name.toLowerCase()));
const headerValue = fc.string({ unit: fc.oneof({ weight: 19, arbitrary: printable }, { weight: 1, arbitrary: latin1 }), maxLength: 120 });

const encoding = fc.oneof(
  { weight: 24, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'bogus', 'GZIP', 'gzip, identity') },
);

/** The value in about `share` of the cases, else undefined. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, share: number) =>
  fc.oneof({ weight: Math.round(1 / share) - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const headerSet = fc.record({
  extras: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
  authorization: fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 2, arbitrary: fc.constant(STAFF_TOKEN) },
    { weight: 2, arbitrary: headerValue },
    { weight: 1, arbitrary: headerValue.map((value) => `Bearer ${value}`) },
    { weight: 1, arbitrary: fc.constantFrom('Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer staff-token ', 'bearer staff-token') },
  ),
  forwardedFor: fc.oneof(
    { weight: 4, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 1, arbitrary: headerValue },
    { weight: 1, arbitrary: fc.array(fc.ipV4(), { minLength: 1, maxLength: 4 }).map((ips) => ips.join(', ')) },
    { weight: 1, arbitrary: fc.constantFrom('unknown', '::1, 10.0.0.1', '999.999.999.999', ', ,', '127.0.0.1\t') },
  ),
  accept: sometimes(fc.oneof(fc.constantFrom('text/html', 'application/xml', '*/*', 'image/png'), headerValue), 1 / 4),
  ifNoneMatch: sometimes(fc.oneof(fc.constantFrom('*', 'W/"x"', '"junk"'), headerValue), 1 / 10),
  query: sometimes(fc.string({ unit: 'binary', maxLength: 24 }).map((text) => `?${uriEncoded(text)}=${uriEncoded(text)}`), 1 / 6),
});

function encodeBody(body: Buffer | undefined, contentEncoding: string | undefined, really: boolean): Buffer | undefined {
  if (!body || !really) return body;
  if (contentEncoding === 'gzip') return gzipSync(body);
  if (contentEncoding === 'deflate') return deflateSync(body);
  return body;
}

/** One line per request: method, path, kind, headers and the start of the body. */
export function describeCase(c: FuzzCase): string {
  const body = c.body === undefined ? 'no body' : `${c.body.length} bytes${c.chunked ? ' chunked' : ''} ${JSON.stringify(c.body.subarray(0, 200).toString('utf8'))}`;
  return `${c.method} ${c.path} [${c.kind}] ${JSON.stringify(c.headers)} ${body}`;
}

/** Requests to one route: bodies, content types and headers of every kind. */
export function fuzzCases(route: Route): fc.Arbitrary<FuzzCase> {
  const { method, path } = ROUTES[route];
  const body = route === 'list' ? fc.oneof({ weight: 3, arbitrary: fc.constant<BodySpec>({ kind: 'none' }) }, { weight: 2, arbitrary: bodies(route) }) : bodies(route);
  return fc
    .record({
      spec: body,
      contentType,
      pairedType: fc.boolean(),
      encoding,
      reallyEncoded: fc.boolean(),
      chunked: method === 'POST' ? fc.boolean().chain((maybe) => (maybe ? fc.boolean() : fc.constant(false))) : fc.constant(false),
      headers: headerSet,
    })
    .map(({ spec, contentType: type, pairedType, encoding: contentEncoding, reallyEncoded, chunked, headers }) => {
      const finalType = spec.contentType && pairedType ? spec.contentType : type;
      const sent = encodeBody(spec.body, contentEncoding, reallyEncoded);
      const all: Record<string, string> = Object.fromEntries(headers.extras);
      if (finalType !== undefined) all['content-type'] = finalType;
      if (contentEncoding !== undefined) all['content-encoding'] = contentEncoding;
      if (headers.authorization !== undefined) all.authorization = headers.authorization;
      if (headers.forwardedFor !== undefined) all['x-forwarded-for'] = headers.forwardedFor;
      if (headers.accept !== undefined) all.accept = headers.accept;
      if (headers.ifNoneMatch !== undefined) all['if-none-match'] = headers.ifNoneMatch;
      const fuzzCase: FuzzCase = {
        route,
        method,
        path: path + (headers.query ?? ''),
        headers: all,
        body: sent,
        chunked: chunked && sent !== undefined,
        kind: spec.kind,
        json: 'value' in spec && sent === spec.body,
      };
      // fast-check prints counterexamples with this: a short line, not a 100 KiB buffer.
      return Object.defineProperty(fuzzCase, fc.toStringMethod, { value: () => describeCase(fuzzCase) });
    });
}
