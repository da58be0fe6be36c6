import {
  BadGatewayException,
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { filter, type Observable, Subject } from 'rxjs';
import { NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import { TOOL_FAILED_LOG } from '../navai.messages.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { ClientSecretService, requestParams } from '../client-secret/client-secret.service.js';
import { FunctionCallError } from '../functions/function-call.error.js';
import { FunctionExecutor, type ToolInvocation } from '../functions/function.executor.js';
import { FunctionRegistry } from '../functions/function.registry.js';
import type { ClientSecretRequest } from '../interfaces/client-secret.interface.js';
import type { IncomingCall, IncomingCallDecision, NavaiCallInfo } from '../interfaces/calls-options.interface.js';
import type { CallEvent, CallSummary } from '../interfaces/call-events.interface.js';
import { thrownText } from '../utils/thrown-text.js';
import { SIP_BUSY } from './calls.constants.js';
import {
  CALL_NOT_FOUND,
  CALL_STARTED_LOG,
  CALLS_NEED_SERVER_KEY,
  INCOMING_CALL_FAILED_LOG,
  INCOMING_CALL_REJECTED_LOG,
  SIDEBAND_CONNECT_FAILED_LOG,
  SIDEBAND_UNAVAILABLE,
  TOO_MANY_CALLS,
} from './calls.messages.js';
import { RealtimeCall } from './realtime-call.js';
import { SafetyIdentifierService } from '../safety-identifier/safety-identifier.service.js';
import { RealtimeCallsClient } from './realtime-calls.client.js';

/** SIP status for an incoming call the app's hook failed on: Server Internal Error. */
const SIP_SERVER_ERROR = 500;

/**
 * The server-side calls this process holds: it creates WebRTC calls, answers SIP calls, runs
 * their tools, and lets application code list them, act on them and follow their events.
 */
@Injectable()
export class RealtimeCallsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);
  private readonly calls = new Map<string, RealtimeCall>();
  /** Calls being set up: they count against `maxConcurrentCalls` too. */
  private starting = 0;
  private readonly subject = new Subject<CallEvent>();
  /** Every call's events: transcripts, tool calls, errors, restored sessions, starts and ends. */
  readonly events: Observable<CallEvent> = this.subject.asObservable();

  constructor(
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
    private readonly client: RealtimeCallsClient,
    private readonly sessions: ClientSecretService,
    private readonly registry: FunctionRegistry,
    private readonly executor: FunctionExecutor,
    private readonly safetyIdentifier: SafetyIdentifierService,
  ) {}

  /** The live calls. */
  list(): CallSummary[] {
    return [...this.calls.values()].map((call) => call.summary());
  }

  get(callId: string): CallSummary | undefined {
    return this.calls.get(callId)?.summary();
  }

  /** The events of one call. */
  eventsOf(callId: string): Observable<CallEvent> {
    return this.events.pipe(filter((event) => event.callId === callId));
  }

  /** Ends a call: its tools are aborted, and OpenAI hangs up. */
  async hangUp(callId: string): Promise<void> {
    await this.live(callId).end('hangup');
  }

  /** Transfers a call (SIP) to `tel:+1...` or a `sip:` URI; the call then ends here. */
  async refer(callId: string, targetUri: string): Promise<void> {
    const call = this.live(callId);
    await this.client.refer(this.serverKey(), callId, targetUri);
    await call.end('hangup', false);
  }

  /** Sends `session.update` (any field but `model` and voice); the server then owns what it sets. */
  updateSession(callId: string, session: Record<string, unknown>): void {
    this.live(callId).updateSession(session);
  }

  /** The agent says `text` to the caller. */
  say(callId: string, text: string): void {
    this.live(callId).say(text);
  }

  /** A browser's offer: creates the call with the session this request may have, and opens its sideband. */
  async createWebRtcCall(offer: string, request: ClientSecretRequest, req: unknown, res?: unknown): Promise<{ callId: string; answer: string }> {
    const apiKey = this.serverKey();
    this.reserve(() => new ServiceUnavailableException(TOO_MANY_CALLS(this.config.calls.maxConcurrentCalls)));
    try {
      const tools = this.registry.toRealtimeTools(await this.registry.usableBy(req, res));
      const session = this.sessions.buildSession(request, tools, this.config.calls.callSession);
      const headers = await this.safetyIdentifier.headersFor(req);
      const { callId, answer } = await this.client.create(apiKey, offer, session, requestParams(request), headers);
      await this.hold({ id: callId, kind: 'webrtc' }, session, req);
      return { callId, answer };
    } finally {
      this.starting--;
    }
  }

  /** A SIP call rings (`realtime.call.incoming`): the app's hook decides; accepted calls are held like WebRTC ones. */
  async answerIncoming(incoming: IncomingCall): Promise<void> {
    const apiKey = this.serverKey();
    const { callId } = incoming;
    try {
      this.reserve(() => new Error('busy'));
    } catch {
      this.logger.warn(INCOMING_CALL_REJECTED_LOG(callId, SIP_BUSY));
      return this.client.reject(apiKey, callId, SIP_BUSY);
    }
    try {
      let decision: IncomingCallDecision;
      try {
        decision = (await this.config.calls.onIncomingCall?.(incoming)) ?? { action: 'accept' };
      } catch (error) {
        this.logger.error(INCOMING_CALL_FAILED_LOG(callId), thrownText(error));
        return await this.client.reject(apiKey, callId, SIP_SERVER_ERROR);
      }
      if (decision.action === 'reject') {
        this.logger.log(INCOMING_CALL_REJECTED_LOG(callId, decision.statusCode ?? 603));
        return await this.client.reject(apiKey, callId, decision.statusCode);
      }
      if (decision.action === 'refer') return await this.client.refer(apiKey, callId, decision.targetUri);
      // No request admitted this caller: only tools without guards are offered.
      const tools = this.registry.toRealtimeTools(await this.registry.usableBy(undefined));
      const session = this.sessions.buildSession(decision.session ?? {}, tools, this.config.calls.callSession);
      await this.client.accept(apiKey, callId, session);
      const call = await this.hold({ id: callId, kind: 'sip' }, session, undefined);
      const greeting = decision.greeting === undefined ? this.config.calls.greeting : decision.greeting;
      if (greeting) call.send({ type: 'response.create', response: { instructions: greeting } });
    } finally {
      this.starting--;
    }
  }

  /** With live calls at shutdown: every tool aborted, every socket closed, calls hung up unless `hangUpOnShutdown` is false. */
  async beforeApplicationShutdown(): Promise<void> {
    const { hangUpOnShutdown } = this.config.calls;
    await Promise.all([...this.calls.values()].map((call) => call.end('shutdown', hangUpOnShutdown)));
    this.subject.complete();
  }

  /** Opens the call's sideband and keeps the call; a call whose sideband cannot open is hung up. */
  private async hold(info: NavaiCallInfo, session: Record<string, unknown>, req: unknown): Promise<RealtimeCall> {
    const apiKey = this.serverKey();
    const { calls, bodyLimit, upstreamTimeoutMs } = this.config;
    const call = new RealtimeCall({
      info,
      req,
      session,
      config: { ...calls, bodyLimit },
      logger: this.logger,
      runTool: (invocation) => this.runTool(invocation),
      hangUp: (id) => this.client.hangup(apiKey, id),
      emit: (event) => this.subject.next(event),
      onEnded: (ended) => {
        if (this.calls.get(ended.id) === ended) this.calls.delete(ended.id);
      },
    });
    try {
      await call.connect(this.client.sidebandUrl(info.id), apiKey, upstreamTimeoutMs);
    } catch (error) {
      this.logger.error(SIDEBAND_CONNECT_FAILED_LOG(info.id, thrownText(error, false)));
      await call.end('sideband_lost');
      throw new BadGatewayException(SIDEBAND_UNAVAILABLE());
    }
    if (call.isEnded) return call;
    this.calls.set(info.id, call);
    this.logger.log(CALL_STARTED_LOG(info.id, info.kind));
    this.subject.next({ type: 'call.started', callId: info.id, call: call.summary() });
    return call;
  }

  /** The executor's envelope for any outcome: what the execute route would answer. */
  private async runTool(invocation: ToolInvocation): Promise<string> {
    try {
      return await this.executor.run(invocation);
    } catch (error) {
      if (error instanceof FunctionCallError) return JSON.stringify(error.body);
      const name = typeof invocation.name === 'string' ? invocation.name : '';
      const reference = randomUUID();
      this.logger.error(TOOL_FAILED_LOG(name, reference), thrownText(error));
      return JSON.stringify(FunctionCallError.unexpected(name, reference).body);
    }
  }

  private reserve(full: () => Error): void {
    if (this.calls.size + this.starting >= this.config.calls.maxConcurrentCalls) throw full();
    this.starting++;
  }

  private live(callId: string): RealtimeCall {
    const call = this.calls.get(callId);
    if (!call) throw new NotFoundException(CALL_NOT_FOUND(callId));
    return call;
  }

  private serverKey(): string {
    const { apiKey } = this.config;
    if (!apiKey) throw new ServiceUnavailableException(CALLS_NEED_SERVER_KEY());
    return apiKey;
  }
}
