import type { ClientSecretRequest } from './client-secret.interface.js';
import type { RealtimeSessionDefaults } from './realtime-session.interface.js';

/** How a call reached the server: a browser's WebRTC offer, or a phone call through SIP. */
export type NavaiCallKind = 'webrtc' | 'sip';

/** The call a server-side tool runs in (`context.call`). */
export interface NavaiCallInfo {
  id: string;
  kind: NavaiCallKind;
}

/** A SIP call ringing: what `onIncomingCall` decides on. */
export interface IncomingCall {
  callId: string;
  /** The SIP headers OpenAI received (`From`, `To`, `Call-ID`...), in order. */
  sipHeaders: Array<{ name: string; value: string }>;
}

/** What to do with a ringing SIP call. */
export type IncomingCallDecision =
  | {
      action: 'accept';
      /** Overrides of the configured session, validated as on the client-secret route. */
      session?: Omit<ClientSecretRequest, 'apiKey'>;
      /** Instructions of a first response, so the agent speaks first; default `greeting`. */
      greeting?: string | null;
    }
  /** `statusCode` is a SIP status, default 603 (Decline). */
  | { action: 'reject'; statusCode?: number }
  /** `targetUri` is `tel:+1...` or a `sip:` URI. */
  | { action: 'refer'; targetUri: string };

/** Settings of server-side calls (`POST /navai/realtime/calls` and SIP). */
export interface CallsOptions {
  /** Secret of the OpenAI webhook for SIP calls, `whsec_...` (OPENAI_WEBHOOK_SECRET). The webhook answers 404 without it. */
  webhookSecret?: string;
  /** Decides each ringing SIP call; default: accept with the configured session and the tools every caller may use. */
  onIncomingCall?: (call: IncomingCall) => IncomingCallDecision | Promise<IncomingCallDecision>;
  /** Instructions of a first response on accepted SIP calls (the agent greets the caller). Default none. */
  greeting?: string;
  /** Past this many seconds the server ends a call. Default none. */
  maxCallSeconds?: number;
  /** Past this many tokens (sum of `response.done` usage totals) the server ends a call. Default none. */
  maxCallTokens?: number;
  /** Said before the server ends a call over budget; it waits for that response (at most 10 s). Default none. */
  closingLine?: string;
  /** Live calls one process holds; past it a WebRTC call gets 503 and a SIP call is rejected with 486. Default 1000. */
  maxConcurrentCalls?: number;
  /** Tools one call may run at once; further calls are answered `ok: false` (RATE_LIMITED). Default 8. */
  maxConcurrentToolCalls?: number;
  /** Put the server's instructions, tools and tool choice back when a client changes them. Default true. */
  enforceSession?: boolean;
  /** How long a lost sideband connection is retried (bounded backoff) before the call is hung up. Default 15 000 ms. */
  sidebandReconnectMs?: number;
  /** Hang up live calls when the app shuts down (else their sockets close and the calls run on). Default true. */
  hangUpOnShutdown?: boolean;
  /** Extra session fields of server-side calls only, over `session`. */
  callSession?: RealtimeSessionDefaults;
}
