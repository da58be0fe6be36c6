export const CALLS_ENV = {
  webhookSecret: 'OPENAI_WEBHOOK_SECRET',
} as const;

export const CALLS_DEFAULTS = {
  maxConcurrentCalls: 1000,
  maxConcurrentToolCalls: 8,
  sidebandReconnectMs: 15_000,
} as const;

export const DEFAULT_CALL_ROUTES = {
  callsPath: '/navai/realtime/calls',
  webhookPath: '/navai/realtime/webhook',
} as const;

/** OpenAI's endpoint that creates a WebRTC call; call control is below it. */
export const REALTIME_CALLS_PATH = '/realtime/calls';

/** Standard Webhooks: deliveries older (or newer) than this are refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** `webhook-id`s remembered to answer a repeated delivery without acting twice. */
export const WEBHOOK_IDS_REMEMBERED = 10_000;

/** Backoff between sideband reconnection attempts, doubling from the first to the last. */
export const RECONNECT_BACKOFF_MS = { first: 100, max: 2000 } as const;

/** How long a closing line may take before the call is hung up anyway. */
export const CLOSING_LINE_WAIT_MS = 10_000;

/** Client events queued while the sideband reconnects; older ones are dropped past it. */
export const SIDEBAND_QUEUE_LIMIT = 1000;

/** SIP status of a call refused because the server holds `maxConcurrentCalls`: Busy Here. */
export const SIP_BUSY = 486;

/** Content types the calls route takes an SDP offer in. */
export const SDP_CONTENT_TYPES = ['application/sdp', 'text/plain'] as const;

/** Metadata on the webhook route's handler, for an app-wide guard to let it through. */
export const NAVAI_WEBHOOK_ROUTE = 'navai:webhook-route';
