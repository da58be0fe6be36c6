import type { OpenApiAnswer, OpenApiSchema } from './openapi.interface.js';

/** Nest's error body, which the module's routes answer outside the execute route's envelope. */
export const HTTP_ERROR_SCHEMA: OpenApiSchema = {
  type: 'object',
  required: ['statusCode', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    message: {
      description: 'What went wrong; a list when the body broke several rules.',
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
    error: { type: 'string', description: 'The status text.' },
  },
};

/** Error answers in Nest's shape, by status. */
export function httpErrors(descriptions: Record<number, string>): Record<number, OpenApiAnswer> {
  return Object.fromEntries(
    Object.entries(descriptions).map(([status, description]) => [status, { description, schema: HTTP_ERROR_SCHEMA }]),
  );
}
