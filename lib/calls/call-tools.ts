import type { ToolInvocation } from '../functions/function.executor.js';
import { FunctionCallError } from '../functions/function-call.error.js';
import type { NavaiCallInfo } from '../interfaces/calls-options.interface.js';
import { BODY_TOO_LARGE } from '../navai.messages.js';
import { ARGUMENTS_NOT_JSON, TOO_MANY_TOOL_CALLS, TOO_MANY_TOOL_CALLS_DETAILS } from './calls.messages.js';

/** Runs one tool call and answers its envelope as JSON text, success or failure; never rejects. */
export type EnvelopeRunner = (invocation: ToolInvocation) => Promise<string>;

export interface CallToolsOptions {
  call: NavaiCallInfo;
  /** The request that created the call: the tools' guards judge its caller. */
  req: unknown;
  run: EnvelopeRunner;
  /** Sends a client event on the call's sideband. */
  send: (event: object) => void;
  maxConcurrent: number;
  /** `arguments` longer than this are refused unread. */
  maxArgumentsLength: number;
  onResult: (result: { toolCallId: string; name: string; output: string; durationMs: number }) => void;
}

interface ResponseState {
  pending: number;
  called: boolean;
  done: boolean;
  continued: boolean;
}

/**
 * The function calls of one call: each `call_id` runs once, through the executor; its envelope
 * goes back as a `function_call_output`, and one `response.create` follows once every call of
 * the response is answered and the response is done.
 */
export class CallTools {
  private readonly seen = new Set<string>();
  private readonly running = new Map<string, AbortController>();
  private readonly responses = new Map<string, ResponseState>();
  private stopped = false;

  constructor(private readonly options: CallToolsOptions) {}

  get runningCount(): number {
    return this.running.size;
  }

  /** A function call the model made (from whichever event told of it first). */
  called(toolCallId: unknown, name: unknown, args: unknown, responseId: unknown): void {
    if (this.stopped || typeof toolCallId !== 'string' || !toolCallId || this.seen.has(toolCallId)) return;
    this.seen.add(toolCallId);
    const response = this.response(responseId);
    response.called = true;
    response.pending++;
    const toolName = typeof name === 'string' ? name : '';
    const started = performance.now();
    const answer = (output: string) => {
      if (this.stopped) return;
      this.options.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: toolCallId, output } });
      this.options.onResult({ toolCallId, name: toolName, output, durationMs: performance.now() - started });
      response.pending--;
      this.continueIfDone(response);
    };
    const checked = this.check(toolName, args);
    if (checked instanceof FunctionCallError) return answer(JSON.stringify(checked.body));
    const controller = new AbortController();
    this.running.set(toolCallId, controller);
    const { call, req } = this.options;
    this.options
      .run({ name: toolName, payload: checked, req, call, signal: controller.signal })
      .then((output) => {
        this.running.delete(toolCallId);
        answer(output);
      });
  }

  /** `response.done`: function calls it lists that no earlier event told of run now. */
  responseDone(responseId: unknown, output: unknown): void {
    if (this.stopped) return;
    if (Array.isArray(output)) {
      for (const item of output) {
        if (item?.type === 'function_call') this.called(item.call_id, item.name, item.arguments, responseId);
      }
    }
    const response = this.response(responseId);
    response.done = true;
    this.continueIfDone(response);
    if (!response.called) this.responses.delete(key(responseId));
  }

  /** The call ended: running tools are aborted, their late results dropped. */
  stop(reason: unknown): void {
    this.stopped = true;
    for (const controller of this.running.values()) controller.abort(reason);
    this.running.clear();
    this.responses.clear();
  }

  /** The parsed arguments, or why the call is answered without running. */
  private check(name: string, args: unknown): FunctionCallError | object {
    if (typeof args !== 'string' || args.length > this.options.maxArgumentsLength) {
      return typeof args === 'string'
        ? FunctionCallError.invalidRequest(name, BODY_TOO_LARGE(this.options.maxArgumentsLength), true)
        : FunctionCallError.invalidArguments(name, [{ path: '', message: ARGUMENTS_NOT_JSON() }]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return FunctionCallError.invalidArguments(name, [{ path: '', message: ARGUMENTS_NOT_JSON() }]);
    }
    if (this.running.size >= this.options.maxConcurrent) {
      return new FunctionCallError(429, {
        ok: false,
        function_name: name,
        code: 'RATE_LIMITED',
        error: TOO_MANY_TOOL_CALLS(),
        details: TOO_MANY_TOOL_CALLS_DETAILS(this.options.maxConcurrent),
      });
    }
    return parsed;
  }

  private continueIfDone(response: ResponseState): void {
    if (!response.done || response.pending > 0 || !response.called || response.continued) return;
    response.continued = true;
    this.options.send({ type: 'response.create' });
    for (const [id, state] of this.responses) if (state === response) this.responses.delete(id);
  }

  private response(responseId: unknown): ResponseState {
    const id = key(responseId);
    let state = this.responses.get(id);
    if (!state) {
      state = { pending: 0, called: false, done: false, continued: false };
      this.responses.set(id, state);
    }
    return state;
  }
}

function key(responseId: unknown): string {
  return typeof responseId === 'string' ? responseId : '';
}
