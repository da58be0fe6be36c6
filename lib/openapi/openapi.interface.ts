/** A schema in the OpenAPI 3.0 dialect (no `const`, no type arrays: `enum` and `nullable`). */
export type OpenApiSchema = Record<string, unknown>;

/** One answer of a route, by status. */
export interface OpenApiAnswer {
  description: string;
  /** The JSON body; omit for an answer without one. */
  schema?: OpenApiSchema;
  /** Bodies of other media types (`audio/mpeg`...), by type. */
  content?: Record<string, { schema: OpenApiSchema }>;
  headers?: Record<string, { description: string; schema: OpenApiSchema }>;
}

/** What the app's OpenAPI document says of one of the module's routes. */
export interface OpenApiRoute {
  summary: string;
  description?: string;
  /** The JSON request body. */
  body?: { schema: OpenApiSchema; required?: boolean; description?: string };
  /** By status, or by a class of statuses (`4XX`) for statuses the route cannot list. */
  responses: Partial<Record<number | `${1 | 2 | 3 | 4 | 5}XX`, OpenApiAnswer>>;
}
