import type { Logger } from '@nestjs/common';
import type { CallsConfig } from '../config/calls.config.js';
import type { NavaiCallInfo } from '../interfaces/calls-options.interface.js';
import type { CallEndReason, CallEvent, CallSummary, CallUsage } from '../interfaces/call-events.interface.js';
import { thrownText } from '../utils/thrown-text.js';
import { escapeControlCharacters } from '../upstream/upstream-text.js';
import { CLOSING_LINE_WAIT_MS } from './calls.constants.js';
import {
  CALL_ENDED_LOG,
  CALL_ERROR_LOG,
  CALL_OVER_BUDGET_LOG,
  EVENT_HANDLER_FAILED_LOG,
  HANGUP_FAILED_LOG,
  MALFORMED_EVENT_LOG,
  SESSION_RESTORED_LOG,
  SIDEBAND_GAVE_UP_LOG,
  SIDEBAND_LOST_LOG,
  SIDEBAND_RESTORED_LOG,
} from './calls.messages.js';
import { CallTools, type EnvelopeRunner } from './call-tools.js';
import { SidebandConnection, type SidebandHandlers } from './sideband.connection.js';

type Json = Record<string, any>;

/** The settings one call runs on. */
export type CallConfigSlice = Pick<
  CallsConfig,
  'maxCallSeconds' | 'maxCallTokens' | 'closingLine' | 'maxConcurrentToolCalls' | 'enforceSession' | 'sidebandReconnectMs'
> & { bodyLimit: number };

/** The session fields the server owns on its calls. */
interface OwnedSession {
  instructions?: string;
  tools?: unknown[];
  tool_choice?: unknown;
}

export interface RealtimeCallOptions {
  info: NavaiCallInfo;
  /** The request that created the call (none for SIP). */
  req?: unknown;
  session: Json;
  config: CallConfigSlice;
  logger: Logger;
  runTool: EnvelopeRunner;
  hangUp: (id: string) => Promise<void>;
  emit: (event: CallEvent) => void;
  onEnded: (call: RealtimeCall) => void;
}

/**
 * One live server-side call: its sideband, its tools, its token and time budgets, and the
 * session the server owns. Nothing that arrives on the sideband can throw out of it.
 */
export class RealtimeCall implements SidebandHandlers {
  readonly startedAt = new Date();
  readonly usage: CallUsage = { total_tokens: 0, input_tokens: 0, output_tokens: 0 };
  readonly user: unknown;
  private sideband?: SidebandConnection;
  private readonly tools: CallTools;
  private owned: OwnedSession;
  private ended = false;
  private budgetTimer?: NodeJS.Timeout;
  /** Set while the closing line is said: the budget that ended the call. */
  private closingReason?: CallEndReason;
  private closingTimer?: NodeJS.Timeout;

  constructor(private readonly options: RealtimeCallOptions) {
    this.user = (options.req as { user?: unknown } | undefined)?.user;
    this.owned = owned(options.session);
    this.tools = new CallTools({
      call: options.info,
      req: options.req,
      run: options.runTool,
      send: (event) => this.send(event),
      maxConcurrent: options.config.maxConcurrentToolCalls,
      maxArgumentsLength: options.config.bodyLimit,
      onResult: ({ toolCallId, name, output, durationMs }) => {
        const envelope = JSON.parse(output) as { ok: boolean; code?: string };
        this.emit({ type: 'tool.called', callId: this.id, toolCallId, name, ok: envelope.ok, ...(!envelope.ok && { code: envelope.code }), durationMs });
      },
    });
  }

  get id(): string {
    return this.options.info.id;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  summary(): CallSummary {
    const { id, kind } = this.options.info;
    return { id, kind, startedAt: this.startedAt, ...(this.user !== undefined && { user: this.user }), usage: { ...this.usage } };
  }

  /** Opens the sideband; rejects when it cannot connect within the timeout. */
  async connect(url: string, apiKey: string, connectTimeoutMs: number): Promise<void> {
    this.sideband = new SidebandConnection({ url, apiKey, connectTimeoutMs, reconnectMs: this.options.config.sidebandReconnectMs }, this);
    await this.sideband.open();
    const { maxCallSeconds } = this.options.config;
    if (maxCallSeconds) {
      this.budgetTimer = setTimeout(() => this.overBudget('maxCallSeconds', maxCallSeconds, 'max_call_seconds'), maxCallSeconds * 1000);
      this.budgetTimer.unref();
    }
  }

  send(event: object): void {
    if (!this.ended) this.sideband?.send(event);
  }

  /** Changes the session; the server then owns the new instructions, tools and tool choice. */
  updateSession(session: Json): void {
    this.owned = { ...this.owned, ...owned(session) };
    this.send({ type: 'session.update', session: { ...session, type: 'realtime' } });
  }

  /** The agent says this, in a response of its own. */
  say(text: string): void {
    this.send({ type: 'response.create', response: { instructions: `Say this to the caller, word for word: ${JSON.stringify(text)}` } });
  }

  /**
   * Ends the call once: running tools are aborted, the call is hung up (unless OpenAI ended it,
   * or `hangUp` is false), the sideband closed, and `call.ended` emitted.
   */
  async end(reason: CallEndReason, hangUp = reason !== 'remote'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.budgetTimer);
    clearTimeout(this.closingTimer);
    this.tools.stop(new Error(`call ended (${reason})`));
    this.sideband?.close();
    const durationMs = Date.now() - this.startedAt.getTime();
    this.options.logger.log(CALL_ENDED_LOG(this.id, reason, durationMs / 1000, this.usage.total_tokens));
    this.options.onEnded(this);
    this.emit({ type: 'call.ended', callId: this.id, reason, durationMs, usage: { ...this.usage } });
    if (hangUp) {
      await this.options.hangUp(this.id).catch((error: unknown) => this.options.logger.warn(HANGUP_FAILED_LOG(this.id), thrownText(error, false)));
    }
  }

  // The sideband's handlers.

  onEvent(event: Json | undefined, raw: string): void {
    if (this.ended) return;
    if (!event || typeof event.type !== 'string') {
      this.options.logger.warn(MALFORMED_EVENT_LOG(this.id), escapeControlCharacters(raw.slice(0, 200)));
      return;
    }
    try {
      this.handle(event);
    } catch (error) {
      this.options.logger.error(EVENT_HANDLER_FAILED_LOG(this.id, escapeControlCharacters(event.type.slice(0, 100))), thrownText(error));
    }
  }

  onLost(detail: string): void {
    this.options.logger.warn(SIDEBAND_LOST_LOG(this.id, detail));
  }

  onRestored(attempts: number): void {
    this.options.logger.log(SIDEBAND_RESTORED_LOG(this.id, attempts));
  }

  onEnded(): void {
    void this.end('remote');
  }

  onGiveUp(detail: string): void {
    this.options.logger.error(SIDEBAND_GAVE_UP_LOG(this.id, this.options.config.sidebandReconnectMs, detail));
    void this.end('sideband_lost');
  }

  private handle(event: Json): void {
    switch (event.type) {
      case 'response.function_call_arguments.done':
        return this.tools.called(event.call_id, event.name, event.arguments, event.response_id);
      case 'response.output_item.done':
        if (event.item?.type === 'function_call') {
          this.tools.called(event.item.call_id, event.item.name, event.item.arguments, event.response_id);
        }
        return;
      case 'response.done':
        return this.responseDone(event.response ?? {});
      case 'conversation.item.input_audio_transcription.completed':
        return this.transcript('user', event.transcript);
      case 'response.output_audio_transcript.done':
        return this.transcript('assistant', event.transcript);
      case 'response.output_text.done':
        return this.transcript('assistant', event.text);
      case 'session.updated':
        return this.keepSession(event.session);
      case 'error':
        return this.error(event.error ?? {});
      default:
        return;
    }
  }

  private responseDone(response: Json): void {
    this.tools.responseDone(response.id, response.output);
    const usage = response.usage ?? {};
    this.usage.total_tokens += count(usage.total_tokens);
    this.usage.input_tokens += count(usage.input_tokens);
    this.usage.output_tokens += count(usage.output_tokens);
    if (this.closingReason) return void this.end(this.closingReason);
    const { maxCallTokens } = this.options.config;
    if (maxCallTokens && this.usage.total_tokens > maxCallTokens) this.overBudget('maxCallTokens', maxCallTokens, 'max_call_tokens');
  }

  private transcript(role: 'user' | 'assistant', text: unknown): void {
    if (typeof text === 'string') this.emit({ type: 'transcript', callId: this.id, role, text });
  }

  private error(error: Json): void {
    const code = typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : 'error';
    const message = typeof error.message === 'string' ? error.message : '';
    // response.create while a response runs: the running one carries on, nothing is lost.
    if (code === 'conversation_already_has_active_response') return;
    this.options.logger.warn(CALL_ERROR_LOG(this.id, escapeControlCharacters(code.slice(0, 100)), escapeControlCharacters(message.slice(0, 500))));
    this.emit({ type: 'error', callId: this.id, code, message });
  }

  /** A client changed what the server owns: put it back. */
  private keepSession(session: Json | undefined): void {
    if (!this.options.config.enforceSession || !session || typeof session !== 'object') return;
    const fields: string[] = [];
    const { instructions, tools, tool_choice } = this.owned;
    if (typeof session.instructions === 'string' && instructions !== undefined && session.instructions !== instructions) fields.push('instructions');
    if (Array.isArray(session.tools) && toolNames(session.tools) !== toolNames(tools ?? [])) fields.push('tools');
    if (session.tool_choice !== undefined && JSON.stringify(session.tool_choice) !== JSON.stringify(tool_choice ?? 'auto')) fields.push('tool_choice');
    if (fields.length === 0) return;
    this.options.logger.warn(SESSION_RESTORED_LOG(this.id, fields));
    this.send({
      type: 'session.update',
      session: { type: 'realtime', instructions, tools: tools ?? [], tool_choice: tool_choice ?? 'auto' },
    });
    this.emit({ type: 'session.restored', callId: this.id, fields });
  }

  /** Ends the call, after its closing line when one is configured (said in the next response). */
  private overBudget(budget: string, limit: number, reason: CallEndReason): void {
    if (this.ended || this.closingReason) return;
    this.options.logger.warn(CALL_OVER_BUDGET_LOG(this.id, budget, limit));
    const { closingLine } = this.options.config;
    if (!closingLine || !this.sideband?.isOpen) return void this.end(reason);
    this.closingReason = reason;
    this.closingTimer = setTimeout(() => void this.end(reason), CLOSING_LINE_WAIT_MS);
    this.closingTimer.unref();
    this.say(closingLine);
  }

  private emit(event: CallEvent): void {
    this.options.emit(event);
  }
}

function owned(session: Json): OwnedSession {
  const fields: OwnedSession = {};
  if (typeof session.instructions === 'string') fields.instructions = session.instructions;
  if (Array.isArray(session.tools)) fields.tools = session.tools;
  if (session.tool_choice !== undefined) fields.tool_choice = session.tool_choice;
  return fields;
}

function toolNames(tools: unknown[]): string {
  return tools
    .map((tool) => String((tool as { name?: unknown } | null)?.name ?? (tool as { server_label?: unknown } | null)?.server_label ?? ''))
    .sort()
    .join(',');
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
