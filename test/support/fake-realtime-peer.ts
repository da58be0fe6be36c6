import { randomBytes } from 'node:crypto';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';

type Event = Record<string, any>;

/** Fields the default scripted function call fills in. */
export interface ScriptedFunctionCall {
  name: string;
  arguments: string;
  callId?: string;
}

/**
 * OpenAI's WebRTC side, on loopback: answers a browser's SDP offer as `/v1/realtime/calls` does,
 * takes the `oai-events` data channel the browser opens, sends server events and records the
 * client events that come back. An offer that is not one OpenAI would accept (no audio, no data
 * channel) is refused, as OpenAI refuses it.
 */
export class FakeRealtimePeer {
  readonly calls: FakeRealtimeCall[] = [];
  private readonly waiting: Array<(call: FakeRealtimeCall) => void> = [];

  /** Answers an offer; throws an `SdpRefused` for one OpenAI would refuse. */
  async answer(offer: string): Promise<{ sdp: string; callId: string }> {
    if (!/^v=0\r?\n/.test(offer)) throw new SdpRefused('The body is not an SDP offer.');
    if (!/^m=audio /m.test(offer)) throw new SdpRefused('The offer has no audio section.');
    if (!/^m=application .*webrtc-datachannel/m.test(offer)) throw new SdpRefused('The offer has no data channel section.');
    const pc = new RTCPeerConnection({
      iceServers: [],
      iceUseIpv6: false,
      // Only loopback: no STUN, no other interface, no answer to a check from elsewhere.
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceFilterCandidatePair: (pair) => pair.remoteCandidate.host.startsWith('127.'),
      iceFilterStunResponse: (_message, address) => address[0].startsWith('127.'),
    });
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    const call = new FakeRealtimeCall(`rtc_${randomBytes(12).toString('hex')}`, pc);
    await pc.setRemoteDescription({ type: 'offer', sdp: loopbackOnly(offer) });
    await pc.setLocalDescription(await pc.createAnswer());
    await waitForGathering(pc);
    this.calls.push(call);
    this.waiting.splice(0).forEach((resolve) => resolve(call));
    return { sdp: pc.localDescription!.sdp, callId: call.id };
  }

  /** The next call (or the latest, when one has been answered already and none is awaited yet). */
  nextCall(timeoutMs = 10_000): Promise<FakeRealtimeCall> {
    return withTimeout(new Promise((resolve) => this.waiting.push(resolve)), timeoutMs, 'no call reached the fake peer');
  }

  async close(): Promise<void> {
    await Promise.all(this.calls.map((call) => call.close()));
  }
}

export class SdpRefused extends Error {}

export class FakeRealtimeCall {
  /** Client events received over `oai-events`, parsed, in order. */
  readonly received: Event[] = [];
  /** Server events sent, in order. */
  readonly sent: Event[] = [];
  /** Resolves when the browser's `oai-events` channel is open (and `session.created` sent). */
  readonly opened: Promise<void>;
  /** Resolves when the browser closed the channel or the connection. */
  readonly ended: Promise<void>;
  /** The session as the client has configured it so far. */
  session: Event;
  private channel?: RTCDataChannel;
  private readonly listeners = new Set<() => void>();
  private endedFlag = false;

  constructor(
    readonly id: string,
    private readonly pc: RTCPeerConnection,
  ) {
    this.session = { type: 'realtime', object: 'realtime.session', id: `sess_${id}` };
    let markEnded!: () => void;
    this.ended = new Promise((resolve) => (markEnded = resolve));
    const end = () => {
      if (this.endedFlag) return;
      this.endedFlag = true;
      markEnded();
    };
    this.opened = new Promise((resolve) => {
      pc.onDataChannel.subscribe((channel) => {
        if (channel.label !== 'oai-events') return;
        this.channel = channel;
        channel.onMessage.subscribe((data) => {
          let event: Event;
          try {
            event = JSON.parse(data.toString());
          } catch {
            event = { unparsable: data.toString() };
          }
          this.received.push(event);
          // OpenAI acknowledges a session change with the session as it now is.
          if (event.type === 'session.update') {
            this.session = { ...this.session, ...event.session };
            this.send({ type: 'session.updated', session: this.session });
          }
          this.listeners.forEach((listener) => listener());
        });
        channel.stateChanged.subscribe((state) => state === 'closed' && end());
        const ready = () => {
          this.send({ type: 'session.created', session: this.session });
          resolve();
        };
        if (channel.readyState === 'open') ready();
        else channel.stateChanged.subscribe((state) => state === 'open' && ready());
      });
    });
    pc.connectionStateChange.subscribe((state) => (state === 'closed' || state === 'failed' || state === 'disconnected') && end());
  }

  get isOpen(): boolean {
    return this.channel?.readyState === 'open';
  }

  get isEnded(): boolean {
    return this.endedFlag;
  }

  send(event: Event): void {
    if (!this.channel) throw new Error('the data channel is not open');
    const withId = { event_id: `event_${randomBytes(6).toString('hex')}`, ...event };
    this.sent.push(withId);
    this.channel.send(JSON.stringify(withId));
  }

  /** Both sides' transcripts, as the Realtime API streams them. */
  transcripts(user: string, assistant: string): void {
    this.send({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_user_1', content_index: 0, transcript: user });
    this.send({ type: 'response.output_audio_transcript.delta', response_id: 'resp_t', item_id: 'item_asst_1', delta: assistant.slice(0, 5) });
    this.send({ type: 'response.output_audio_transcript.done', response_id: 'resp_t', item_id: 'item_asst_1', transcript: assistant });
  }

  /** A response that calls one function: the item, the arguments event and `response.done` with usage. */
  functionCall(call: ScriptedFunctionCall, usage = { total_tokens: 120, input_tokens: 100, output_tokens: 20 }): string {
    const callId = call.callId ?? `call_${randomBytes(6).toString('hex')}`;
    const responseId = `resp_${randomBytes(6).toString('hex')}`;
    const item = { id: `item_${randomBytes(6).toString('hex')}`, type: 'function_call', status: 'completed', name: call.name, call_id: callId, arguments: call.arguments };
    this.send({ type: 'response.output_item.done', response_id: responseId, output_index: 0, item });
    this.send({ type: 'response.function_call_arguments.done', response_id: responseId, item_id: item.id, output_index: 0, call_id: callId, name: call.name, arguments: call.arguments });
    this.send({ type: 'response.done', response: { id: responseId, object: 'realtime.response', status: 'completed', output: [item], usage } });
    return callId;
  }

  /** Waits for a client event that matches. */
  waitFor(match: (event: Event) => boolean, timeoutMs = 10_000, what = 'the expected client event'): Promise<Event> {
    return withTimeout(
      new Promise((resolve) => {
        const check = () => {
          const found = this.received.find(match);
          if (!found) return;
          this.listeners.delete(check);
          resolve(found);
        };
        this.listeners.add(check);
        check();
      }),
      timeoutMs,
      `${what} did not arrive (received: ${this.received.map((event) => event.type).join(', ') || 'nothing'})`,
    );
  }

  /** The `function_call_output` sent back for a call id, its output parsed. */
  async outputFor(callId: string, timeoutMs?: number): Promise<any> {
    const event = await this.waitFor(
      (candidate) => candidate.type === 'conversation.item.create' && candidate.item?.type === 'function_call_output' && candidate.item.call_id === callId,
      timeoutMs,
      `function_call_output for ${callId}`,
    );
    return JSON.parse(event.item.output);
  }

  /**
   * Ends the call as the far side: the data channel closes, then the connection. Closing is an SCTP
   * stream reset each way (ours, then the browser's in reply); the browser's `close` event comes
   * with its own reset, so the connection stays up until that one has arrived.
   */
  async hangup(): Promise<void> {
    const channel = this.channel;
    const sctp = this.pc.sctpTransport?.sctp;
    if (channel && sctp && channel.readyState === 'open' && channel.id !== undefined) {
      let resets = 0;
      const bothWays = new Promise<void>((resolve) =>
        sctp.onReconfigStreams.subscribe((ids) => ids.includes(channel.id!) && ++resets === 2 && resolve()),
      );
      channel.close();
      await withTimeout(bothWays, 10_000, 'the browser did not reset its side of the data channel');
    }
    await this.pc.close();
  }

  /** Drops the connection at once (test clean-up). */
  async close(): Promise<void> {
    await this.pc.close();
  }
}

/** Drops candidates that are not on loopback, so no check goes to another address. */
function loopbackOnly(sdp: string): string {
  return sdp
    .split(/\r\n/)
    .filter((line) => !line.startsWith('a=candidate:') || / 127\.\d+\.\d+\.\d+ /.test(line))
    .join('\r\n');
}

function waitForGathering(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return withTimeout(
    new Promise((resolve) => pc.iceGatheringStateChange.subscribe((state) => state === 'complete' && resolve())),
    5_000,
    'ICE gathering did not complete',
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]);
}
