import type { Ajv as AjvInstance, ErrorObject } from 'ajv';
import { toRealtimeJsonSchema } from './realtime-json-schema.js';
import { packageRequire } from '../utils/package-context.cjs';
import type { JsonSchemaObject, SchemaIssue, ToolSchema } from './tool-schema.interface.js';

let ajv: AjvInstance | undefined;

/** Loaded with the first JSON Schema tool, not with the module: ajv adds to every start-up. */
function sharedAjv(): AjvInstance {
  // ajv is CommonJS; require() gives its class without ESM interop guesswork.
  ajv ??= new (packageRequire('ajv') as new (options: object) => AjvInstance)({
    allErrors: true,
    useDefaults: true,
    strict: false,
  });
  return ajv;
}

/** A plain JSON Schema, checked with ajv (defaults applied) against what the model is shown. */
export function jsonSchemaToolSchema(schema: JsonSchemaObject, label: string): ToolSchema {
  const jsonSchema = toRealtimeJsonSchema(schema, label);
  let check;
  try {
    check = sharedAjv().compile(jsonSchema);
  } catch (error) {
    throw new Error(`${label}: invalid JSON Schema: ${(error as Error).message}`, { cause: error });
  }
  return {
    jsonSchema,
    validate(value) {
      return check(value) ? { ok: true, value } : { ok: false, issues: (check.errors ?? []).map(toIssue) };
    },
  };
}

function toIssue(error: ErrorObject): SchemaIssue {
  const params = error.params as { missingProperty?: string; allowedValues?: unknown[]; additionalProperty?: string };
  const segments = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (params.missingProperty) segments.push(params.missingProperty);
  if (params.additionalProperty) segments.push(params.additionalProperty);
  const path = segments.join('.');
  if (params.missingProperty) return { path, message: 'is required' };
  if (params.additionalProperty) return { path, message: 'is not allowed' };
  const allowed = params.allowedValues ? `: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}` : '';
  return { path, message: `${error.message ?? 'is invalid'}${allowed}` };
}
