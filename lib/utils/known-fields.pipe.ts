import type { PipeTransform } from '@nestjs/common';

/** The fields a route reads: `true` for a plain value, a nested shape for an object of known fields. */
export interface FieldShape {
  readonly [field: string]: true | FieldShape;
}

/**
 * Keeps only the fields a route reads, as deep as its shape goes, before validation: unknown
 * fields are dropped anyway, and a deeply nested value would otherwise be walked, recursively, by
 * class-transformer. An object where the shape has a plain value, or an array where it has an
 * object, becomes `[]`, which validation refuses ("must be a string", "must be an object").
 */
export function knownFieldsPipe(shape: FieldShape): PipeTransform {
  return {
    transform(body: unknown) {
      if (typeof body !== 'object' || body === null) return body;
      return Array.isArray(body) ? [] : pick(body, shape);
    },
  };
}

function pick(body: object, shape: FieldShape): Record<string, unknown> {
  const fields = Object.keys(shape).filter((field) => Object.hasOwn(body, field));
  return Object.fromEntries(
    fields.map((field) => {
      const value = (body as Record<string, unknown>)[field];
      const inner = shape[field];
      if (typeof value !== 'object' || value === null) return [field, value];
      return [field, inner === true || Array.isArray(value) ? [] : pick(value, inner)];
    }),
  );
}
