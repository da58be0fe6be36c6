import type { CallsOptions, IncomingCall, IncomingCallDecision } from '../interfaces/calls-options.interface.js';
import type { RealtimeSessionDefaults } from '../interfaces/realtime-session.interface.js';
import { CALLS_DEFAULTS, CALLS_ENV } from '../calls/calls.constants.js';
import { INVALID_SETTING } from '../navai.messages.js';
import { optionalText as text } from '../utils/optional-text.js';
import { parseBoolean, parseInteger } from './setting-parsers.js';

/** The validated settings of server-side calls (`config.calls`). */
export interface CallsConfig {
  webhookSecret?: string;
  onIncomingCall?: (call: IncomingCall) => IncomingCallDecision | Promise<IncomingCallDecision>;
  greeting?: string;
  maxCallSeconds?: number;
  maxCallTokens?: number;
  closingLine?: string;
  maxConcurrentCalls: number;
  maxConcurrentToolCalls: number;
  enforceSession: boolean;
  sidebandReconnectMs: number;
  hangUpOnShutdown: boolean;
  callSession: RealtimeSessionDefaults;
}

export function resolveCallsConfig(options: CallsOptions, env: (name: string) => string | undefined): CallsConfig {
  const webhookSecret = text(options.webhookSecret) ?? text(env(CALLS_ENV.webhookSecret));
  if (webhookSecret !== undefined && !/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(webhookSecret)) {
    throw new Error(INVALID_SETTING('webhookSecret', '[hidden]', 'a webhook secret such as whsec_... (base64)'));
  }
  if (options.onIncomingCall !== undefined && typeof options.onIncomingCall !== 'function') {
    throw new Error(INVALID_SETTING('onIncomingCall', typeof options.onIncomingCall, 'a function'));
  }
  const optionalInteger = (name: keyof CallsOptions, max: number) => {
    const value = options[name] as number | string | undefined;
    return value === undefined ? undefined : parseInteger(name, value, { min: 1, max });
  };
  return {
    webhookSecret,
    onIncomingCall: options.onIncomingCall,
    greeting: text(options.greeting),
    maxCallSeconds: optionalInteger('maxCallSeconds', 7 * 24 * 3600),
    maxCallTokens: optionalInteger('maxCallTokens', 1_000_000_000),
    closingLine: text(options.closingLine),
    maxConcurrentCalls: optionalInteger('maxConcurrentCalls', 1_000_000) ?? CALLS_DEFAULTS.maxConcurrentCalls,
    maxConcurrentToolCalls: optionalInteger('maxConcurrentToolCalls', 1000) ?? CALLS_DEFAULTS.maxConcurrentToolCalls,
    enforceSession: parseBoolean('enforceSession', options.enforceSession) ?? true,
    sidebandReconnectMs: optionalInteger('sidebandReconnectMs', 600_000) ?? CALLS_DEFAULTS.sidebandReconnectMs,
    hangUpOnShutdown: parseBoolean('hangUpOnShutdown', options.hangUpOnShutdown) ?? true,
    callSession: options.callSession ?? {},
  };
}
