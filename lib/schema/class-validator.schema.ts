import { type Type, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { classValidatorJsonSchema } from './json-schema.decorator.js';
import { toRealtimeJsonSchema } from './realtime-json-schema.js';
import { packageRequire } from '../utils/package-context.cjs';
import type { JsonSchemaObject, SchemaIssue, ToolSchema } from './tool-schema.interface.js';

type SchemaOptions = NonNullable<Parameters<typeof validationMetadatasToSchemas>[0]>;

// Nested DTOs (@Type(() => Address)) are described by class-transformer's own metadata storage.
const { defaultMetadataStorage } = packageRequire('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: SchemaOptions['classTransformerMetadataStorage'];
};

class InvalidDto {
  constructor(readonly issues: SchemaIssue[]) {}
}

/** A class-validator DTO, checked with Nest's ValidationPipe: the tool receives the DTO instance. */
export function classValidatorToolSchema(dto: Type, label: string): ToolSchema {
  const pipe = new ValidationPipe({
    transform: true,
    whitelist: true,
    expectedType: dto,
    exceptionFactory: (errors) => new InvalidDto(flatten(errors, '')),
  });
  return {
    jsonSchema: dtoJsonSchema(dto, label),
    async validate(value) {
      try {
        return { ok: true, value: await pipe.transform(value, { type: 'body', metatype: dto }) };
      } catch (error) {
        if (error instanceof InvalidDto) return { ok: false, issues: error.issues };
        throw error;
      }
    },
  };
}

/**
 * The DTO's own schema (inherited properties included), with the definitions its nested DTOs
 * point to; those are looked up by class name, which is how class-validator-jsonschema refers to them.
 */
function dtoJsonSchema(dto: Type, label: string): JsonSchemaObject {
  const converter = classValidatorJsonSchema();
  const options: SchemaOptions = { classTransformerMetadataStorage: defaultMetadataStorage, refPointerPrefix: '#/definitions/' };
  const own = converter.targetConstructorToSchema(dto, options) as JsonSchemaObject;
  if (Object.keys(own.properties ?? {}).length === 0) {
    throw new Error(`${label}: ${dto.name} has no class-validator decorators to describe its parameters.`);
  }
  const definitions = JSON.stringify(own).includes('"$ref"') ? converter.validationMetadatasToSchemas(options) : {};
  return toRealtimeJsonSchema({ ...own, definitions }, label);
}

function flatten(errors: ValidationError[], parent: string): SchemaIssue[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    // class-validator starts its messages with the property; the path already names it.
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      path,
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
