/** A JSON Schema object, in the subset OpenAI Realtime function tools accept. */
export type JsonSchemaObject = Record<string, unknown>;

/** One problem with a tool's arguments: where (`address.city`, `items.0`, or `` for the whole), and what. */
export interface SchemaIssue {
  path: string;
  message: string;
}

export type SchemaResult = { ok: true; value: unknown } | { ok: false; issues: SchemaIssue[] };

/** A tool's parameters, whatever they were declared with: what to show the model, and how to check a call. */
export interface ToolSchema {
  readonly jsonSchema: JsonSchemaObject;
  validate(value: unknown): SchemaResult | Promise<SchemaResult>;
}

/** The Standard Schema v1 interface (zod, valibot, arktype...), with Standard JSON Schema for the export. */
export interface StandardSchemaLike {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    validate(value: unknown): StandardResult | Promise<StandardResult>;
    readonly jsonSchema?: { input(options: { target: string }): Record<string, unknown> };
  };
}

type StandardResult =
  | { readonly value: unknown; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> }> };
