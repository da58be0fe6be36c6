const quoted = (tokens: readonly string[]) => tokens.map((token) => `"${token}"`).join(', ');

export const NO_FOLDER_MATCHED = (tokens: readonly string[], fallback: string) =>
  `Functions folders matched no module: ${quoted(tokens)}. Falling back to "${fallback}".`;

export const SOME_FOLDERS_UNMATCHED = (tokens: readonly string[]) =>
  `Functions folders matched no module and were skipped: ${quoted(tokens)}.`;

export const MODULE_LOAD_FAILED = (path: string) => `Failed to load ${path}; its error is in the server log.`;

export const MODULE_IMPORT_TIMED_OUT = (path: string, timeoutMs: number) =>
  `Skipped ${path}: it did not finish loading within ${timeoutMs} ms (functionsImportTimeoutMs); a top-level await that never settles?`;

export const FOLDER_TOKEN_OUTSIDE_BASE = (token: string, baseDir: string) =>
  `Invalid functions folder "${token}": it leads outside the base directory ${baseDir} (functionsBaseDir, NAVAI_FUNCTIONS_BASE_DIR).`;

export const MODULE_WITHOUT_EXPORTS = (path: string) => `Ignored ${path}: module has no exports.`;

export const MODULE_WITHOUT_TOOLS = (path: string) => `Ignored ${path}: module has no callable exports.`;

export const CLASS_WITHOUT_METHODS = (source: string) => `Ignored ${source}: class has no instance methods.`;

export const OBJECT_WITHOUT_MEMBERS = (source: string) => `Ignored ${source}: exported object has no callable members.`;

export const TOOL_RENAMED = (name: string, renamed: string, source: string) =>
  `Tool name "${name}" (${source}) is already taken; registered as "${renamed}".`;

export const TOOL_NAME_SHORTENED = (name: string, renamed: string, source: string, max: number) =>
  `Tool name "${name}" (${source}) is longer than ${max} characters; registered as "${renamed}".`;

export const FUNCTION_DESCRIPTION = (name: string) => `Call exported function ${name}.`;

export const CLASS_METHOD_DESCRIPTION = (className: string, method: string) => `Call class method ${className}.${method}().`;

export const OBJECT_MEMBER_DESCRIPTION = (objectName: string, member: string) =>
  `Call exported object member ${objectName}.${member}().`;
