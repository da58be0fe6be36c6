/** Stable codes of the execute route's error responses. */
export type FunctionErrorCode =
  | 'MISSING_FUNCTION_NAME'
  | 'INVALID_REQUEST'
  | 'UNKNOWN_FUNCTION'
  | 'INVALID_ARGUMENTS'
  | 'FORBIDDEN'
  | 'TIMEOUT'
  | 'EXECUTION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED';

/** The error envelope of the execute route. The Navai web client relays `details` to the model. */
export interface FunctionErrorBody {
  ok: false;
  function_name?: string;
  code: FunctionErrorCode;
  error: string;
  details: string;
  [extra: string]: unknown;
}

/** A failed call of the execute route, answered as its envelope by FunctionErrorFilter. */
export class FunctionCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: FunctionErrorBody,
  ) {
    super(body.error);
  }
}
