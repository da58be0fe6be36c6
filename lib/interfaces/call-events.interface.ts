import type { NavaiCallKind } from './calls-options.interface.js';

/** Token totals of a call: the sum of the `usage` of its `response.done` events. */
export interface CallUsage {
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
}

/** A live call, as `RealtimeCallsService.list()` shows it. */
export interface CallSummary {
  id: string;
  kind: NavaiCallKind;
  startedAt: Date;
  /** The `user` of the request that created the call (none for SIP calls). */
  user?: unknown;
  usage: CallUsage;
}

/** Why a call ended. */
export type CallEndReason =
  /** Application code hung up (`hangUp`) or referred the call. */
  | 'hangup'
  /** OpenAI closed the call (the caller or the browser left). */
  | 'remote'
  | 'max_call_seconds'
  | 'max_call_tokens'
  /** The sideband broke and could not be restored within `sidebandReconnectMs`. */
  | 'sideband_lost'
  | 'shutdown';

/** What happens on a call, for application code (`RealtimeCallsService.events`). */
export type CallEvent =
  | { type: 'call.started'; callId: string; call: CallSummary }
  | { type: 'transcript'; callId: string; role: 'user' | 'assistant'; text: string }
  | {
      type: 'tool.called';
      callId: string;
      /** The model's `call_id` of this function call. */
      toolCallId: string;
      name: string;
      ok: boolean;
      /** The envelope's `code` when `ok` is false. */
      code?: string;
      durationMs: number;
    }
  | { type: 'error'; callId: string; code?: string; message: string }
  /** A client changed the session's instructions, tools or tool choice; the server put its own back. */
  | { type: 'session.restored'; callId: string; fields: string[] }
  | { type: 'call.ended'; callId: string; reason: CallEndReason; durationMs: number; usage: CallUsage };
