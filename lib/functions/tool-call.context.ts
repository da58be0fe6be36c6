import type { NavaiToolContext } from '../interfaces/navai-function.interface.js';
import type { NavaiCallInfo } from '../interfaces/calls-options.interface.js';

/**
 * The context of one tool call. Its AbortSignal is built only when a tool reads it: an
 * AbortController costs microseconds, and most tools never look.
 */
export class ToolCallContext implements NavaiToolContext {
  readonly user: unknown;
  #controller?: AbortController;
  #stopped?: { reason: unknown };

  constructor(
    readonly req: unknown,
    readonly functionName: string,
    readonly call?: NavaiCallInfo,
  ) {
    this.user = (req as { user?: unknown } | undefined)?.user;
  }

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#stopped && !this.#controller.signal.aborted) this.#controller.abort(this.#stopped.reason);
    return this.#controller.signal;
  }

  get stopped(): boolean {
    return this.#stopped !== undefined;
  }

  stop(reason: unknown): void {
    this.#stopped = { reason };
    this.#controller?.abort(reason);
  }
}
