import { packageRequire } from '../utils/package-context.cjs';
import type * as ClassValidatorJsonSchema from 'class-validator-jsonschema';

type JsonSchemaDecorator = typeof ClassValidatorJsonSchema.JSONSchema;

/**
 * class-validator-jsonschema's `@JSONSchema({ description })`, loaded when first used: apps that
 * describe no DTO to the model do not pay for loading it at start-up.
 */
export const JSONSchema: JsonSchemaDecorator = (...args) => classValidatorJsonSchema().JSONSchema(...args);

export function classValidatorJsonSchema(): typeof ClassValidatorJsonSchema {
  return packageRequire('class-validator-jsonschema');
}
