import type { JsonSchemaObject } from './tool-schema.interface.js';

const DEFINITIONS = /^#\/(definitions|\$defs)\/(.+)$/;
const DROPPED_KEYS = new Set(['$schema', '$id', '$defs', 'definitions', '$comment']);
/** Keywords whose keys are property names, never keywords: none of them is dropped. */
const NAMED_SCHEMAS = new Set(['properties', 'patternProperties']);

/**
 * Rewrites a JSON Schema into what Realtime function tools accept: local `$ref`s inlined,
 * no `$schema`/`$id`/definitions, and an object at the root. Throws when it cannot.
 */
export function toRealtimeJsonSchema(schema: JsonSchemaObject, label: string): JsonSchemaObject {
  const definitions = { ...(schema.definitions as object), ...(schema.$defs as object) } as Record<string, JsonSchemaObject>;
  const inline = (node: unknown, seen: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => inline(item, seen));
    if (typeof node !== 'object' || node === null) return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const name = DEFINITIONS.exec(ref)?.[2];
      const target = name === undefined ? undefined : definitions[decodeURIComponent(name)];
      if (!target) throw new Error(`${label}: cannot inline "$ref": "${ref}"; only local #/definitions and #/$defs are supported.`);
      if (seen.includes(ref)) throw new Error(`${label}: recursive "$ref": "${ref}" cannot be inlined for Realtime.`);
      const { $ref: _ref, ...siblings } = node as Record<string, unknown>;
      return inline({ ...target, ...siblings }, [...seen, ref]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED_KEYS.has(key)) continue;
      out[key] = NAMED_SCHEMAS.has(key) && isPlainObject(value) ? mapValues(value, (property) => inline(property, seen)) : inline(value, seen);
    }
    return out;
  };
  const result = inline(schema, []) as JsonSchemaObject;
  if (result.type === undefined && typeof result.properties === 'object') result.type = 'object';
  if (result.type !== 'object') {
    throw new Error(`${label}: parameters must describe an object (type "object"), got ${JSON.stringify(result.type)}.`);
  }
  result.properties ??= {};
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(object: Record<string, unknown>, map: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}
