/**
 * Thrown by a tool to fail with a message meant for the model ("No order 123 exists.").
 * Its message reaches the client as `details`; any other error is answered generically.
 */
export class NavaiToolError extends Error {
  readonly status: number;

  /** @param status a 4xx status, default 422 */
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'NavaiToolError';
    const status = options.status ?? 422;
    this.status = Number.isInteger(status) && status >= 400 && status < 500 ? status : 422;
  }
}
