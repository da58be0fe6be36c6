import type { Type } from '@nestjs/common';
import { classValidatorToolSchema } from './class-validator.schema.js';
import { jsonSchemaToolSchema } from './json.schema.js';
import { isStandardSchema, standardToolSchema } from './standard.schema.js';
import type { JsonSchemaObject, StandardSchemaLike, ToolSchema } from './tool-schema.interface.js';

/** What a tool may declare as `parameters`: a class-validator DTO, a Standard Schema, or a JSON Schema. */
export type NavaiToolParameters = Type | StandardSchemaLike | JsonSchemaObject;

/** Resolves declared parameters once, at registration; `label` names the tool in errors. */
export function createToolSchema(parameters: NavaiToolParameters, label: string): ToolSchema {
  if (typeof parameters === 'function') return classValidatorToolSchema(parameters as Type, label);
  if (isStandardSchema(parameters)) return standardToolSchema(parameters, label);
  if (typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters)) {
    return jsonSchemaToolSchema(parameters as JsonSchemaObject, label);
  }
  throw new Error(`${label}: parameters must be a class-validator DTO class, a Standard Schema or a JSON Schema object.`);
}
