import { toRealtimeJsonSchema } from './realtime-json-schema.js';
import type { SchemaIssue, StandardSchemaLike, ToolSchema } from './tool-schema.interface.js';

export function isStandardSchema(value: unknown): value is StandardSchemaLike {
  const standard = (value as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.['~standard'];
  return typeof standard === 'object' && standard !== null && standard.version === 1 && typeof standard.validate === 'function';
}

/** Any Standard Schema (zod 4, valibot, arktype...): it validates and parses; Standard JSON Schema describes it. */
export function standardToolSchema(schema: StandardSchemaLike, label: string): ToolSchema {
  const standard = schema['~standard'];
  if (typeof standard.jsonSchema?.input !== 'function') {
    throw new Error(
      `${label}: this ${standard.vendor} schema cannot describe itself as JSON Schema (Standard JSON Schema). ` +
        'zod 4.2+ and arktype can; wrap valibot schemas with toStandardJsonSchema() from @valibot/to-json-schema.',
    );
  }
  const jsonSchema = toRealtimeJsonSchema(standard.jsonSchema.input({ target: 'draft-07' }), label);
  return {
    jsonSchema,
    async validate(value) {
      const result = await standard.validate(value);
      if (!result.issues) return { ok: true, value: result.value };
      return { ok: false, issues: result.issues.map((issue): SchemaIssue => ({ path: pathOf(issue.path), message: issue.message })) };
    },
  };
}

function pathOf(path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined): string {
  return (path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
}
