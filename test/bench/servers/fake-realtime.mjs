// The calls side of a fake OpenAI for the calls benchmark, in the runner's process: it creates
// calls, holds their sidebands, plays function calls and times each until its output arrives.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const ANSWER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n';

export const OFFER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=rtpmap:111 opus/48000/2',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', 'a=mid:1', 'a=sctp-port:5000', '',
].join('\r\n');

class BenchCall {
  constructor(id) {
    this.id = id;
    this.socket = undefined;
    this.pending = new Map();
    this.counter = 0;
    this.closed = false;
  }

  /** Plays one function call of `echo`; resolves with the round trip in ms and the parsed envelope. */
  toolCall(value, timeoutMs = 10_000) {
    const callId = `call_${this.id}_${++this.counter}`;
    const responseId = `resp_${this.id}_${this.counter}`;
    const args = JSON.stringify({ value });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(callId);
        resolve({ ms: NaN, error: 'timeout' });
      }, timeoutMs);
      const started = performance.now();
      this.pending.set(callId, (output) => {
        clearTimeout(timer);
        resolve({ ms: performance.now() - started, envelope: JSON.parse(output) });
      });
      if (!this.socket || this.socket.readyState !== 1) {
        clearTimeout(timer);
        this.pending.delete(callId);
        return resolve({ ms: NaN, error: 'no sideband' });
      }
      this.socket.send(JSON.stringify({ type: 'response.function_call_arguments.done', response_id: responseId, item_id: `item_${callId}`, output_index: 0, call_id: callId, name: 'echo', arguments: args }));
      this.socket.send(JSON.stringify({ type: 'response.done', response: { id: responseId, status: 'completed', output: [{ type: 'function_call', call_id: callId, name: 'echo', arguments: args }], usage: { total_tokens: 10, input_tokens: 8, output_tokens: 2 } } }));
    });
  }

  receive(text) {
    const event = JSON.parse(text);
    if (event.type === 'conversation.item.create' && event.item?.type === 'function_call_output') {
      const resolve = this.pending.get(event.item.call_id);
      this.pending.delete(event.item.call_id);
      resolve?.(event.item.output);
    }
  }
}

export async function startFakeRealtime() {
  const calls = new Map();
  const waiting = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (req.headers.authorization !== 'Bearer sk-bench') return void res.writeHead(401).end();
      if (req.url === '/v1/realtime/calls' && String(req.headers['content-type']).startsWith('multipart/form-data')) {
        const id = `rtc_${randomBytes(8).toString('hex')}`;
        calls.set(id, new BenchCall(id));
        res.writeHead(201, { 'content-type': 'application/sdp', location: `/v1/realtime/calls/${id}` });
        return void res.end(ANSWER);
      }
      const hangup = /^\/v1\/realtime\/calls\/([^/]+)\/hangup$/.exec(req.url ?? '');
      if (hangup && calls.has(hangup[1])) {
        calls.get(hangup[1]).closed = true;
        return void res.writeHead(200).end();
      }
      res.writeHead(404).end();
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://fake');
    const call = calls.get(url.searchParams.get('call_id'));
    if (url.pathname !== '/v1/realtime' || !call || req.headers.authorization !== 'Bearer sk-bench') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      call.socket = ws;
      ws.on('message', (data) => call.receive(String(data)));
      ws.on('close', () => (call.closed = true));
      waiting.get(call.id)?.();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    calls,
    close: () => {
      for (const call of calls.values()) call.socket?.terminate();
      wss.close();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
