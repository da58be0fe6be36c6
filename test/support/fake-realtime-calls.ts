import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkClientSecretRequest, checkSafetyIdentifier } from './openai-request-check.js';

/** Turns a browser's SDP offer into an SDP answer; a real WebRTC peer can be plugged in here. */
export type SdpAnswerer = (offer: string, call: FakeCall) => string | Promise<string>;

/** What the sideband endpoint does with the next connection attempts. */
export type SidebandBehaviour = 'accept' | 'refuse' | 'hang';

export interface FunctionCallScript {
  name: string;
  /** A JSON string as the model writes it (possibly invalid JSON); an object is serialized. */
  arguments: string | object;
  callId?: string;
}

export interface Usage {
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
}

type Json = Record<string, any>;
type Waiter = { predicate: (event: Json) => boolean; resolve: (event: Json) => void };

/** One call the fake knows: created by `/realtime/calls` (WebRTC) or by an incoming SIP call. */
export class FakeCall {
  offer?: string;
  answer?: string;
  /** The session the call was created or accepted with. */
  session?: Json;
  /** `accept`, `reject`, `refer` and `hangup` requests, in order. */
  readonly controls: Array<{ action: string; body: unknown }> = [];
  /** Every client event the server sent on the sideband, across connections, parsed. */
  readonly received: Json[] = [];
  /** Sideband connections accepted so far. */
  connections = 0;
  ended = false;
  accepted: boolean;
  socket?: WebSocket;
  private readonly emittedCallIds = new Set<string>();
  private activeResponse?: string;
  private readonly waiters = new Set<Waiter>();
  private readonly connectionWaiters = new Set<() => void>();
  private counter = 0;

  constructor(
    readonly id: string,
    readonly kind: 'webrtc' | 'sip',
  ) {
    this.accepted = kind === 'webrtc';
  }

  /** Also gets every server event the sideband gets: a WebRTC call's data channel sees the same stream. */
  mirror?: (event: Json) => void;

  /** Plays one server event on the live sideband connection; false when there is none. */
  send(event: Json): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) return false;
    const full: Json = { event_id: `event_${this.id}_${++this.counter}`, ...event };
    this.mirror?.(full);
    if (full.type === 'response.created') this.activeResponse = full.response?.id;
    if (full.type === 'response.done') this.activeResponse = undefined;
    if (full.type === 'response.function_call_arguments.done') this.emittedCallIds.add(full.call_id);
    if (full.type === 'response.output_item.done' && full.item?.type === 'function_call') this.emittedCallIds.add(full.item.call_id);
    if (full.type === 'response.done' && Array.isArray(full.response?.output)) {
      for (const item of full.response.output) if (item?.type === 'function_call') this.emittedCallIds.add(item.call_id);
    }
    socket.send(JSON.stringify(full));
    return true;
  }

  /** Sends raw text as a frame (malformed events). */
  sendRaw(text: string): void {
    this.socket?.send(text);
  }

  /**
   * Plays one response in which the model calls these functions, as OpenAI's GA events do:
   * `response.created`, per call `response.function_call_arguments.done` and
   * `response.output_item.done`, then `response.done` with the items and `usage`.
   */
  functionCalls(calls: FunctionCallScript[], usage: Usage = { total_tokens: 120, input_tokens: 100, output_tokens: 20 }): string[] {
    const responseId = `resp_${randomBytes(6).toString('hex')}`;
    const items = calls.map((call, index) => ({
      id: `item_${randomBytes(6).toString('hex')}`,
      type: 'function_call',
      status: 'completed',
      name: call.name,
      call_id: call.callId ?? `call_${randomBytes(8).toString('hex')}`,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      index,
    }));
    this.send({ type: 'response.created', response: { id: responseId, object: 'realtime.response', status: 'in_progress', output: [] } });
    for (const { index, ...item } of items) {
      this.send({
        type: 'response.function_call_arguments.done',
        response_id: responseId,
        item_id: item.id,
        output_index: index,
        call_id: item.call_id,
        name: item.name,
        arguments: item.arguments,
      });
      this.send({ type: 'response.output_item.done', response_id: responseId, output_index: index, item });
    }
    this.send({
      type: 'response.done',
      response: { id: responseId, object: 'realtime.response', status: 'completed', output: items.map(withoutIndex), usage },
    });
    return items.map((item) => item.call_id);
  }

  /** A spoken response with its transcript, ending with `response.done` and `usage`. */
  speak(transcript: string, usage: Usage = { total_tokens: 50, input_tokens: 30, output_tokens: 20 }): void {
    const responseId = `resp_${randomBytes(6).toString('hex')}`;
    this.send({ type: 'response.created', response: { id: responseId, status: 'in_progress', output: [] } });
    this.send({ type: 'response.output_audio_transcript.done', response_id: responseId, item_id: `item_${this.counter}`, output_index: 0, content_index: 0, transcript });
    this.send({ type: 'response.done', response: { id: responseId, status: 'completed', output: [], usage } });
  }

  /** What the caller said, as OpenAI's input transcription reports it. */
  hear(transcript: string): void {
    this.send({ type: 'conversation.item.input_audio_transcription.completed', item_id: `item_${++this.counter}`, content_index: 0, transcript });
  }

  /** Cuts the sideband connection without a close handshake, as a network failure would. */
  drop(): void {
    this.socket?.terminate();
  }

  /** Resolves with the first received event (past or future) matching the predicate. */
  waitFor(predicate: (event: Json) => boolean, timeoutMs = 5000): Promise<Json> {
    const seen = this.received.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`call ${this.id}: no matching event within ${timeoutMs} ms; received ${JSON.stringify(this.received.map((e) => e.type))}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves once `count` sideband connections have been accepted. */
  async waitForConnection(count = 1, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.connections < count || !this.socket || this.socket.readyState !== this.socket.OPEN) {
      if (Date.now() > deadline) throw new Error(`call ${this.id}: ${this.connections} sideband connections, expected ${count}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.connectionWaiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the sideband socket has closed (or at once when there is none open). */
  async waitForSidebandClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.socket && this.socket.readyState !== this.socket.CLOSED) {
      if (Date.now() > deadline) throw new Error(`call ${this.id}: sideband still open`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** @internal */
  attach(socket: WebSocket): void {
    this.socket = socket;
    this.connections++;
    socket.on('message', (data) => this.receive(String(data)));
    this.send({ type: 'session.created', session: { object: 'realtime.session', id: `sess_${this.id}`, ...this.session } });
    this.connectionWaiters.forEach((notify) => notify());
    this.connectionWaiters.clear();
  }

  /** @internal */
  end(): void {
    this.ended = true;
    this.socket?.close(1000, 'call ended');
  }

  /** Checks each client event as OpenAI would and answers the ones it answers. */
  private receive(text: string): void {
    let event: Json;
    try {
      event = JSON.parse(text);
    } catch {
      this.error('invalid_json', 'The event is not valid JSON.');
      return;
    }
    this.received.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(event)) {
        this.waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
    if (typeof event.type !== 'string') return this.error('invalid_event', "Missing 'type'.");
    if (event.type === 'conversation.item.create') {
      const item = event.item ?? {};
      if (item.type === 'function_call_output') {
        if (typeof item.output !== 'string') return this.error('invalid_value', "'item.output' must be a string.", 'item.output');
        if (!this.emittedCallIds.has(item.call_id)) {
          return this.error('invalid_value', `No function call with call_id '${item.call_id}'.`, 'item.call_id');
        }
      }
      this.send({ type: 'conversation.item.added', item: { id: `item_${++this.counter}`, ...item } });
    } else if (event.type === 'response.create') {
      if (this.activeResponse) {
        return this.error('conversation_already_has_active_response', `Conversation already has an active response in progress: ${this.activeResponse}.`);
      }
    } else if (event.type === 'session.update') {
      const session = event.session ?? {};
      if (session.type !== 'realtime') return this.error('invalid_value', "Invalid 'session.type': expected 'realtime'.", 'session.type');
      if (session.model !== undefined || session.audio?.output?.voice !== undefined) {
        return this.error('invalid_value', 'The model and the voice cannot be changed once the session has started.', 'session');
      }
      this.session = { ...this.session, ...session };
      this.send({ type: 'session.updated', session: this.session });
    }
  }

  private error(code: string, message: string, param: string | null = null): void {
    this.send({ type: 'error', error: { type: 'invalid_request_error', code, message, param } });
  }
}

/**
 * The calls side of the fake OpenAI: `/realtime/calls` (multipart, checked part by part), the
 * call control endpoints, and the sideband WebSocket `/realtime?call_id=`.
 */
export class FakeRealtimeCalls {
  readonly calls = new Map<string, FakeCall>();
  /** Plug a real WebRTC peer here; the default writes a valid answer that mirrors the offer's media. */
  answerSdp: SdpAnswerer = defaultAnswer;
  sideband: SidebandBehaviour = 'accept';
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly createdListeners = new Set<(call: FakeCall) => void>();

  constructor(private readonly isValidKey: (key: string) => boolean) {}

  get(id: string): FakeCall {
    const call = this.calls.get(id);
    if (!call) throw new Error(`the fake knows no call ${id}`);
    return call;
  }

  /** The most recently created call. */
  get last(): FakeCall | undefined {
    return [...this.calls.values()].at(-1);
  }

  /** Resolves with the next call created (WebRTC) or ringing (SIP). */
  nextCall(timeoutMs = 5000): Promise<FakeCall> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no call was created')), timeoutMs);
      const listener = (call: FakeCall) => {
        clearTimeout(timer);
        this.createdListeners.delete(listener);
        resolve(call);
      };
      this.createdListeners.add(listener);
    });
  }

  /** A SIP call rings: the fake registers it, to be accepted, rejected or referred by id. */
  ring(): FakeCall {
    return this.register(new FakeCall(`rtc_${randomBytes(12).toString('hex')}`, 'sip'));
  }

  /**
   * Delivers `realtime.call.incoming` for a ringing SIP call to a webhook, signed as OpenAI signs
   * (Standard Webhooks); `sign` can change the secret, the id or the timestamp.
   */
  async deliverIncoming(
    url: string,
    secret: string,
    call: FakeCall,
    sipHeaders: Array<{ name: string; value: string }> = [
      { name: 'From', value: 'sip:+14255550100@example.com' },
      { name: 'To', value: 'sip:+18005550199@sip.api.openai.com' },
    ],
    sign: { webhookId?: string; timestamp?: number; omitSignature?: boolean } = {},
  ): Promise<{ status: number; text: string }> {
    const body = JSON.stringify({
      object: 'event',
      id: `evt_${randomBytes(8).toString('hex')}`,
      type: 'realtime.call.incoming',
      created_at: Math.floor(Date.now() / 1000),
      data: { call_id: call.id, sip_headers: sipHeaders },
    });
    const webhookId = sign.webhookId ?? `wh_${randomBytes(12).toString('hex')}`;
    const timestamp = String(sign.timestamp ?? Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'webhook-id': webhookId, 'webhook-timestamp': timestamp };
    if (!sign.omitSignature) headers['webhook-signature'] = `v1,${signWebhook(secret, webhookId, timestamp, body)}`;
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' });
    return { status: response.status, text: await response.text() };
  }

  /** Answers requests under `/v1/realtime/calls`; false when the path is not one of them. */
  async handle(req: IncomingMessage, raw: string, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const control = /^\/v1\/realtime\/calls\/([^/]+)\/(accept|reject|refer|hangup)$/.exec(url.pathname);
    if (url.pathname !== '/v1/realtime/calls' && !control) return false;
    const send = (status: number, payload?: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, payload ? { 'content-type': 'application/json', ...headers } : headers);
      res.end(payload ? JSON.stringify(payload) : undefined);
    };
    const error = (status: number, message: string, param: string | null = null, code: string | null = null) =>
      send(status, { error: { type: 'invalid_request_error', message, param, code } });

    if (req.method !== 'POST') return error(404, `Invalid URL (${req.method} ${req.url})`), true;
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!key) return error(401, "You didn't provide an API key."), true;
    if (!this.isValidKey(key)) return error(401, `Incorrect API key provided: ${key}.`), true;
    if (req.headers['openai-beta']) return error(400, 'The beta Realtime API is no longer available.'), true;
    const identifierProblem = checkSafetyIdentifier(req.headers['openai-safety-identifier']);
    if (identifierProblem) return error(400, identifierProblem.message, identifierProblem.param), true;
    if (control) await this.control(control[1], control[2], req, raw, send, error);
    else await this.create(req, raw, res, error);
    return true;
  }

  /** Answers the sideband WebSocket upgrade `/v1/realtime?call_id=`; false for other paths. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/v1/realtime') return false;
    const refuse = (status: number, message: string) => {
      const body = JSON.stringify({ error: { type: 'invalid_request_error', message } });
      socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    };
    if (this.sideband === 'hang') return true;
    if (this.sideband === 'refuse') return refuse(503, 'The service is unavailable.'), true;
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!key || !this.isValidKey(key)) return refuse(401, 'Invalid or missing API key.'), true;
    if (req.headers['openai-beta']) return refuse(400, 'The beta Realtime API is no longer available.'), true;
    const call = this.calls.get(url.searchParams.get('call_id') ?? '');
    if (!call || call.ended || !call.accepted) return refuse(404, 'Call not found.'), true;
    this.wss.handleUpgrade(req, socket, head, (ws) => call.attach(ws));
    return true;
  }

  close(): void {
    for (const call of this.calls.values()) call.socket?.terminate();
    this.wss.close();
  }

  private register(call: FakeCall): FakeCall {
    this.calls.set(call.id, call);
    this.createdListeners.forEach((listener) => listener(call));
    return call;
  }

  private async create(req: IncomingMessage, raw: string, res: ServerResponse, error: (status: number, message: string, param?: string | null) => void) {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('multipart/form-data')) return error(400, 'Content-Type must be multipart/form-data or application/sdp.');
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    } catch {
      return error(400, 'The multipart body could not be parsed.');
    }
    const names = [...new Set(form.keys())];
    const unknown = names.find((name) => name !== 'sdp' && name !== 'session');
    if (unknown) return error(400, `Unknown parameter: '${unknown}'.`, unknown);
    const sdp = form.get('sdp');
    if (typeof sdp !== 'string' || !sdp.startsWith('v=0') || !/\r?\nm=/.test(sdp)) return error(400, "Invalid 'sdp': expected an SDP offer.", 'sdp');
    let session: Json | undefined;
    const sessionPart = form.get('session');
    if (sessionPart !== null) {
      try {
        session = JSON.parse(typeof sessionPart === 'string' ? sessionPart : await sessionPart.text());
      } catch {
        return error(400, "Invalid 'session': expected JSON.", 'session');
      }
      const problem = checkClientSecretRequest({ session });
      if (problem) return error(400, problem.message, problem.param);
    }
    const call = new FakeCall(`rtc_${randomBytes(12).toString('hex')}`, 'webrtc');
    call.offer = sdp;
    call.session = session;
    call.answer = await this.answerSdp(sdp, call);
    this.register(call);
    res.writeHead(201, { 'content-type': 'application/sdp', location: `/v1/realtime/calls/${call.id}` });
    res.end(call.answer);
  }

  private async control(
    id: string,
    action: string,
    req: IncomingMessage,
    raw: string,
    send: (status: number, payload?: object) => void,
    error: (status: number, message: string, param?: string | null, code?: string | null) => void,
  ) {
    const call = this.calls.get(id);
    if (!call || call.ended) return error(404, `Call '${id}' not found.`, null, 'call_id_not_found');
    let body: Json | undefined;
    if (raw) {
      if (!String(req.headers['content-type']).startsWith('application/json')) return error(400, 'Content-Type must be application/json.');
      try {
        body = JSON.parse(raw);
      } catch {
        return error(400, 'The body is not valid JSON.');
      }
    }
    if (action === 'accept') {
      if (call.kind !== 'sip' || call.accepted) return error(400, 'Only a ringing SIP call can be accepted.');
      const problem = checkClientSecretRequest({ session: body });
      if (problem) return error(400, problem.message, problem.param);
      const turn = body?.audio?.input?.turn_detection;
      if (turn && ['threshold', 'prefix_padding_ms', 'silence_duration_ms'].some((field) => field in turn)) {
        return error(400, 'SIP calls do not accept these turn_detection settings.', 'audio.input.turn_detection');
      }
      call.accepted = true;
      call.session = body;
    } else if (action === 'reject') {
      const status = body?.status_code;
      if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 699)) {
        return error(400, "Invalid 'status_code'.", 'status_code');
      }
      if (call.accepted) return error(400, 'An accepted call cannot be rejected.');
      call.ended = true;
    } else if (action === 'refer') {
      if (typeof body?.target_uri !== 'string' || !/^(tel|sip):/.test(body.target_uri)) {
        return error(400, "Invalid 'target_uri': expected a tel: or sip: URI.", 'target_uri');
      }
    } else if (action === 'hangup' && raw) {
      return error(400, 'hangup takes no body.');
    }
    call.controls.push({ action, body });
    if (action === 'hangup' || action === 'refer') call.end();
    send(200);
  }
}

function withoutIndex<T extends { index: number }>(item: T): Omit<T, 'index'> {
  const copy: Partial<T> = { ...item };
  delete copy.index;
  return copy as Omit<T, 'index'>;
}

/** The Standard Webhooks signature of one delivery. */
export function signWebhook(secret: string, webhookId: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return createHmac('sha256', key).update(`${webhookId}.${timestamp}.${body}`).digest('base64');
}

/** An offer as a browser writes it: one audio m-line and the `oai-events` data channel. */
export function sampleOffer(): string {
  const fingerprint = Array.from(randomBytes(32), (byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
  return [
    'v=0',
    `o=- ${BigInt('0x' + randomBytes(7).toString('hex'))} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=ice-ufrag:${randomBytes(3).toString('hex')}`,
    `a=ice-pwd:${randomBytes(12).toString('hex')}`,
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    'a=mid:1',
    'a=sctp-port:5000',
    '',
  ].join('\r\n');
}

/** A valid answer to the offer: each m-line answered with the first format, one ICE/DTLS identity. */
function defaultAnswer(offer: string): string {
  const fingerprint = Array.from(randomBytes(32), (byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const sections = offer.split(/\r?\n(?=m=)/).slice(1);
  const mids = sections.map((section, index) => /\na=mid:(\S+)/.exec(section)?.[1] ?? String(index));
  const lines = ['v=0', `o=- ${Date.now()} 1 IN IP4 127.0.0.1`, 's=-', 't=0 0', `a=group:BUNDLE ${mids.join(' ')}`, 'a=msid-semantic: WMS *'];
  const ufrag = randomBytes(2).toString('hex');
  const pwd = randomBytes(12).toString('hex');
  sections.forEach((section, index) => {
    const [media, , proto, ...formats] = section.split(/\r?\n/)[0].slice(2).split(' ');
    lines.push(`m=${media} 9 ${proto} ${formats[0] ?? '0'}`, 'c=IN IP4 0.0.0.0', `a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`);
    lines.push(`a=fingerprint:sha-256 ${fingerprint}`, 'a=setup:active', `a=mid:${mids[index]}`);
    if (media === 'application') lines.push('a=sctp-port:5000');
    else {
      const rtpmap = new RegExp(`\\na=rtpmap:${formats[0]} (\\S+)`).exec(section)?.[1];
      lines.push('a=sendrecv', 'a=rtcp-mux', ...(rtpmap ? [`a=rtpmap:${formats[0]} ${rtpmap}`] : []));
    }
  });
  return lines.join('\r\n') + '\r\n';
}
