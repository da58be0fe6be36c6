export const FOLDER_FUNCTION_DEFAULTS = {
  defaultFolder: 'src/ai/functions-modules',
  extensions: ['ts', 'js', 'mjs', 'cjs', 'mts', 'cts'],
  exclude: ['**/node_modules/**', '**/dist/**', '**/.*/**'],
  sourceRoot: 'src',
  outDir: 'dist',
} as const;

/** What each source extension becomes after compilation; only these can be imported from a compiled app. */
export const COMPILED_EXTENSIONS: Readonly<Record<string, string>> = {
  ts: 'js',
  js: 'js',
  mts: 'mjs',
  mjs: 'mjs',
  cts: 'cjs',
  cjs: 'cjs',
};

export const DECLARATION_FILE = /\.d\.[cm]?ts$/i;

/**
 * Names an anonymous default export carries at run time: "default" in Node, `default_1` in tsc's
 * CommonJS output, `_default` from SWC and Babel, `__vite_ssr_export_default__` under Vitest.
 */
export const ANONYMOUS_DEFAULT_NAME = /^(?:|default|_default|default_\d+|__vite_ssr_export_default__)$/;

/** What a plain exported function shows the model: the payload rules of the execute route. */
export const LEGACY_PAYLOAD_SCHEMA = Object.freeze({
  type: 'object',
  properties: {
    args: { type: 'array', description: 'The positional arguments of the function.' },
    value: { description: 'The single argument of the function.' },
  },
  additionalProperties: true,
});
