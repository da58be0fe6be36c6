import { ENV } from './navai.constants.js';

export const INVALID_SETTING = (setting: string, value: unknown, accepted: string) =>
  `Invalid ${setting}: ${JSON.stringify(value)}. Expected ${accepted}.`;

export const INVALID_API_KEY = (setting: string) =>
  `Invalid ${setting}: an OpenAI API key has visible ASCII characters only, without spaces, line breaks or control characters (the value is not shown).`;

export const UNKNOWN_AGENT_GUARDS = (agent: string, agents: readonly string[]) =>
  `Invalid agentGuards: "${agent}" is not an agent folder, so its guards would guard nothing. ` +
  (agents.length > 0 ? `Agent folders (agentsFolders, NAVAI_AGENTS_FOLDERS): ${agents.join(', ')}.` : 'No agent folders are set (agentsFolders, NAVAI_AGENTS_FOLDERS).');

export const INVALID_TOOL_TIMEOUT = (name: string, where: string, value: unknown, range: { min: number; max: number }) =>
  `Invalid timeoutMs of tool "${name}" (${where}): ${String(value)}. Expected an integer from ${range.min} to ${range.max}.`;

export const NOT_IN_ALLOW_LIST = (setting: string, value: string, allowed: readonly string[]) =>
  `${setting} "${value}" is not allowed. Allowed: ${allowed.join(', ')}.`;

export const SESSION_SPEAKS_TWICE = () =>
  'session.output_modalities is ["audio"], but NAVAI_TTS_PROVIDER is "elevenlabs": in that mode the model answers in text. Remove one of them.';

export const MISSING_API_KEY = (requestKeysAllowed: boolean) =>
  requestKeysAllowed
    ? `No OpenAI API key: set ${ENV.apiKey} on the server or send apiKey in the request.`
    : `No OpenAI API key: set ${ENV.apiKey} on the server.`;

export const HAS_CONTROL_CHARACTERS = (field: string) => `${field} must not contain control characters or line breaks`;

export const API_KEY_HAS_BAD_CHARACTERS = (setting: string) =>
  `${setting} must be an OpenAI API key: visible ASCII characters only, without spaces, line breaks or control characters`;

export const REQUEST_API_KEY_REFUSED = () =>
  `This server does not accept apiKey in the request (${ENV.allowFrontendApiKey} is not true).`;

export const UPSTREAM_CREDENTIALS_REJECTED = (service: string, keySetting: string, keyFromRequest: boolean) =>
  keyFromRequest
    ? `${service} rejected the API key sent in the request.`
    : `${service} rejected the server's credentials; check ${keySetting}.`;

export const UPSTREAM_BAD_REQUEST = (service: string, subject: string, detail: string) => `${service} refused the ${subject}: ${detail}`;

export const UPSTREAM_BAD_REQUEST_UNEXPLAINED = (service: string, subject: string) =>
  `${service} refused the ${subject}; the server log has its answer.`;

export const UPSTREAM_RATE_LIMITED = (service: string) => `${service} rate limit reached; try again later.`;

export const UPSTREAM_FAILED = (service: string, action: string, status: number) => `${service} could not ${action} (HTTP ${status}).`;

export const UPSTREAM_UNREACHABLE = (service: string) => `Could not reach ${service}.`;

export const UPSTREAM_INVALID_RESPONSE = () => 'OpenAI answered without a usable client secret.';

export const UPSTREAM_TIMEOUT = (service: string, timeoutMs: number) => `${service} did not answer within ${timeoutMs} ms.`;

export const UPSTREAM_LOG = (service: string, label: string, status: number | string, requestId: string | null, detail: string) =>
  `${service} ${label} failed (${status}${requestId ? `, request id ${requestId}` : ''}): ${detail}`;

export const DUPLICATE_TOOL = (name: string, first: string, second: string) =>
  `Two tools are named "${name}": ${first} and ${second}. Give one of them another name with @NavaiTool({ name }).`;

export const INVALID_TOOL_NAME = (name: string, where: string) =>
  `Invalid tool name "${name}" (${where}): use 1 to 64 characters from a-z, 0-9, _ and -.`;

export const TOOL_NAME_TAKEN = (name: string, where: string) =>
  `A tool named "${name}" is already registered; ${where} cannot take it.`;

export const DEFAULT_TOOL_DESCRIPTION = (className: string, method: string) => `Call ${className}.${method}().`;

export const FUNCTION_NAME_REQUIRED = () => 'function_name is required.';
export const FUNCTION_NAME_REQUIRED_DETAILS = () => 'Send the name of a listed tool as function_name.';
export const UNKNOWN_FUNCTION = () => 'Unknown or disallowed function.';
export const UNKNOWN_FUNCTION_DETAILS = (name: string) => `There is no tool named "${name}" that you may call.`;
export const TOOL_FAILED = () => 'The tool failed.';
export const TOOL_FAILED_DETAILS = (correlationId: string) =>
  `The tool failed unexpectedly. Reference: ${correlationId}.`;
export const TOOL_FAILED_LOG = (name: string, correlationId: string) =>
  `Tool "${name}" failed (reference ${correlationId})`;
export const REQUEST_FAILED = () => 'The request failed.';

export const INVALID_ARGUMENTS = () => 'Invalid arguments.';
export const INVALID_ARGUMENTS_DETAILS = (name: string, problems: string[]) =>
  `The arguments for ${name} are invalid: ${problems.join('; ')}.`;
export const TOOL_TIMED_OUT = () => 'The tool timed out.';
export const TOOL_TIMED_OUT_DETAILS = (timeoutMs: number) => `The tool did not finish within ${timeoutMs} ms.`;
export const CLIENT_GONE = () => 'The client went away before the tool finished.';
export const LATE_FAILURE_LOG = (name: string) => `Tool "${name}" failed after its call had ended`;
export const UNSENDABLE_RESULT_LOG = (name: string, reference: string) =>
  `Tool "${name}" returned a result JSON cannot carry (reference ${reference})`;
export const ACCESS_CHECK_FAILED_LOG = (name: string) => `The guards of tool "${name}" failed`;
export const FORBIDDEN_TOOL = () => 'Forbidden.';
export const RATE_LIMITED_TOOL = () => 'Too many calls.';
export const FORBIDDEN_TOOL_DETAILS = (name: string) => `You may not call ${name}.`;
export const INVALID_FUNCTION_NAME = () => 'Invalid function_name.';
export const INVALID_FUNCTION_NAME_DETAILS = () => 'function_name must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -.';
export const PAYLOAD_TOO_DEEP = (maxDepth: number) => `The payload nests deeper than ${maxDepth} levels.`;
export const PAYLOAD_TOO_LARGE = (maxValues: number) => `The payload holds more than ${maxValues} values.`;
export const PAYLOAD_FORBIDDEN_KEY = (key: string) => `The payload may not contain the key "${key}".`;
export const INVALID_REQUEST = () => 'Invalid request.';
export const JSON_BODY_REQUIRED = () => 'Send the request body as application/json.';
export const BODY_TOO_LARGE = (limit: number) => `The request body is larger than ${limit} bytes.`;
