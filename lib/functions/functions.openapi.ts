import { httpErrors } from '../openapi/openapi.schemas.js';
import type { OpenApiRoute, OpenApiSchema } from '../openapi/openapi.interface.js';
import type { FunctionErrorCode } from './function-call.error.js';

const CODES: FunctionErrorCode[] = [
  'MISSING_FUNCTION_NAME',
  'INVALID_REQUEST',
  'UNKNOWN_FUNCTION',
  'INVALID_ARGUMENTS',
  'FORBIDDEN',
  'TIMEOUT',
  'EXECUTION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
];

/** FunctionErrorBody: every failure of the execute route. */
const FUNCTION_ERROR_SCHEMA: OpenApiSchema = {
  type: 'object',
  required: ['ok', 'code', 'error', 'details'],
  properties: {
    ok: { type: 'boolean', enum: [false] },
    function_name: { type: 'string', description: 'The tool, once the name was read.' },
    code: { type: 'string', enum: CODES },
    error: { type: 'string', description: 'A short, stable summary.' },
    details: { type: 'string', description: 'What the model is told; a tool error meant for it (NavaiToolError) arrives here.' },
    available_functions: { type: 'array', items: { type: 'string' }, description: 'UNKNOWN_FUNCTION: the tools the caller may use.' },
    issues: {
      type: 'array',
      description: 'INVALID_ARGUMENTS: each problem of the payload.',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    correlation_id: { type: 'string', description: 'EXECUTION_FAILED (500): the reference of the logged error.' },
  },
};

const failure = (description: string) => ({ description, schema: FUNCTION_ERROR_SCHEMA });

/** `GET /navai/functions`. */
export const FUNCTIONS_LIST_ROUTE: OpenApiRoute = {
  summary: 'List the backend tools the caller may use',
  description:
    'Tools whose guards refuse the caller are left out. When no tool has guards, every caller gets the same body, with an ETag, gzipped when the client accepts gzip.',
  responses: {
    200: {
      description: 'The tools, with the JSON Schema of their arguments.',
      headers: { ETag: { description: 'Sent when the answer is the same for every caller.', schema: { type: 'string' } } },
      schema: {
        type: 'object',
        required: ['items', 'warnings'],
        additionalProperties: false,
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'description', 'source', 'parameters'],
              additionalProperties: false,
              properties: {
                name: { type: 'string', pattern: '^[a-z0-9_-]{1,64}$' },
                description: { type: 'string' },
                source: { type: 'string', description: '`path#export` for folder tools, `Class#method` for decorated ones, `runtime`...' },
                parameters: { type: 'object', additionalProperties: true, description: 'JSON Schema of the arguments.' },
                hints: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    readOnly: { type: 'boolean' },
                    destructive: { type: 'boolean' },
                    idempotent: { type: 'boolean' },
                    requiresApproval: { type: 'boolean' },
                  },
                },
              },
            },
          },
          warnings: { type: 'array', items: { type: 'string' }, description: 'What start-up noticed about the tools.' },
        },
      },
    },
    304: { description: 'If-None-Match named the current ETag.' },
    ...httpErrors({ 403: 'A guard of the module refused the caller.' }),
  },
};

/** `POST /navai/functions/execute`. */
export const FUNCTIONS_EXECUTE_ROUTE: OpenApiRoute = {
  summary: 'Run one backend tool',
  description: 'The name is looked up in the registry; the caller is authorized and the payload validated before the tool runs.',
  body: {
    schema: {
      type: 'object',
      required: ['function_name'],
      properties: {
        function_name: { type: 'string', description: 'A listed tool; trimmed and lower-cased.' },
        payload: { type: 'object', additionalProperties: true, description: "The tool's arguments." },
      },
    },
  },
  responses: {
    200: {
      description: "The tool's result.",
      schema: {
        type: 'object',
        required: ['ok', 'function_name', 'source'],
        additionalProperties: false,
        properties: {
          ok: { type: 'boolean', enum: [true] },
          function_name: { type: 'string' },
          source: { type: 'string' },
          result: { description: 'What the tool returned; absent when it returned nothing.' },
        },
      },
    },
    400: failure('MISSING_FUNCTION_NAME, INVALID_REQUEST (a bad name or payload) or INVALID_ARGUMENTS.'),
    403: failure('FORBIDDEN: a guard refused the caller (a guard may answer 401 instead).'),
    404: failure('UNKNOWN_FUNCTION, with the tools the caller may use.'),
    413: failure('PAYLOAD_TOO_LARGE: the body is larger than bodyLimit, or the payload holds more than maxPayloadValues.'),
    422: failure('EXECUTION_FAILED: the tool refused with a message for the model (NavaiToolError).'),
    '4XX': failure('EXECUTION_FAILED with the status the tool chose, or RATE_LIMITED (429) from a guard.'),
    500: failure('EXECUTION_FAILED: the tool failed unexpectedly; details carry a reference to the logged error.'),
    504: failure('TIMEOUT: the tool ran past its timeout.'),
  },
};
