import type { WebSocket as WsSocket } from 'ws';
import { RECONNECT_BACKOFF_MS, SIDEBAND_QUEUE_LIMIT } from './calls.constants.js';

export interface SidebandOptions {
  /** `ws(s)://.../realtime?call_id=...` */
  url: string;
  apiKey: string;
  /** A connection attempt that is not open by then is given up. */
  connectTimeoutMs: number;
  /** How long a lost connection is retried before `onGiveUp`. */
  reconnectMs: number;
}

export interface SidebandHandlers {
  /** Each server event, parsed; text that is not a JSON object is passed as `undefined`. */
  onEvent(event: Record<string, unknown> | undefined, raw: string): void;
  /** The connection broke (not a close OpenAI or this side asked for); it is being retried. */
  onLost(detail: string): void;
  /** Open again after a loss. */
  onRestored(attempts: number): void;
  /** The server closed the call's connection cleanly: the call is over. */
  onEnded(): void;
  /** Retried past `reconnectMs`. */
  onGiveUp(detail: string): void;
}

type WebSocketClass = typeof import('ws').WebSocket;
let loading: Promise<WebSocketClass> | undefined;

/** The `ws` client: loaded with the first call, not at start-up. */
function webSocketClass(): Promise<WebSocketClass> {
  loading ??= import('ws').then((module) => module.WebSocket);
  return loading;
}

/** A handshake OpenAI refused, with its HTTP status (404: the call is gone). */
class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`handshake refused (HTTP ${status})`);
  }
}

/**
 * The server's own WebSocket on a live call. Sends wait in a bounded queue while it reconnects;
 * a connection that breaks is retried with doubling backoff for `reconnectMs`.
 */
export class SidebandConnection {
  private socket?: WsSocket;
  private readonly queue: string[] = [];
  private closed = false;
  private lostAt?: number;
  private attempts = 0;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: SidebandOptions,
    private readonly handlers: SidebandHandlers,
  ) {}

  /** Opens the first connection; rejects with the reason when it is not open within the timeout. */
  async open(): Promise<void> {
    this.socket = await this.dial();
  }

  get isOpen(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Sends a client event now, or once the connection is back. */
  send(event: object): void {
    if (this.closed) return;
    const text = JSON.stringify(event);
    if (this.isOpen) return this.socket!.send(text);
    if (this.queue.length >= SIDEBAND_QUEUE_LIMIT) this.queue.shift();
    this.queue.push(text);
  }

  /** Closes for good: no reconnection, queued events dropped. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.queue.length = 0;
    const socket = this.socket;
    if (socket && socket.readyState < 2) socket.close(1000);
  }


  private async dial(): Promise<WsSocket> {
    const WebSocket = await webSocketClass();
    const socket = new WebSocket(this.options.url, {
      headers: { authorization: `Bearer ${this.options.apiKey}` },
      handshakeTimeout: this.options.connectTimeoutMs,
      perMessageDeflate: false,
    });
    // From the first frame: OpenAI's first events can arrive with the handshake's answer.
    socket.on('message', (data, isBinary) => {
      const raw = isBinary ? '' : String(data);
      this.handlers.onEvent(parseEvent(raw), raw);
    });
    socket.on('error', () => undefined); // a 'close' always follows
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        socket.off('open', onOpen).off('unexpected-response', onRefused).off('error', onError).off('close', onEarlyClose);
        if (!error) return resolve();
        socket.removeAllListeners('message');
        socket.terminate();
        reject(error);
      };
      const onOpen = () => settle();
      const onRefused = (_request: unknown, response: { statusCode?: number }) => settle(new HandshakeRefused(response.statusCode ?? 0));
      const onError = (error: Error) => settle(error);
      const onEarlyClose = (code: number) => settle(new Error(`closed (${code})`));
      socket.on('open', onOpen).on('unexpected-response', onRefused).on('error', onError).on('close', onEarlyClose);
    });
    if (this.closed) {
      socket.removeAllListeners('message');
      socket.close(1000);
      throw new Error('closed');
    }
    socket.on('close', (code, reason) => this.onClose(code, String(reason)));
    for (const text of this.queue.splice(0)) socket.send(text);
    return socket;
  }

  private onClose(code: number, reason: string): void {
    if (this.closed) return;
    // A clean close by OpenAI (1000) ends the call; anything else (1006: no close frame) is a broken connection.
    if (code === 1000) {
      this.closed = true;
      return this.handlers.onEnded();
    }
    this.lostAt = Date.now();
    this.attempts = 0;
    this.handlers.onLost(`closed (${code}${reason ? `: ${reason}` : ''})`);
    this.retry();
  }

  private retry(): void {
    const delay = Math.min(RECONNECT_BACKOFF_MS.first * 2 ** this.attempts, RECONNECT_BACKOFF_MS.max);
    this.retryTimer = setTimeout(() => {
      this.attempts++;
      this.dial().then(
        (socket) => {
          this.socket = socket;
          this.handlers.onRestored(this.attempts);
        },
        (error: Error) => {
          if (this.closed) return;
          // The call is gone: nothing to reconnect to.
          if (error instanceof HandshakeRefused && error.status === 404) {
            this.closed = true;
            return this.handlers.onEnded();
          }
          if (Date.now() - this.lostAt! + delay >= this.options.reconnectMs) {
            this.closed = true;
            return this.handlers.onGiveUp(error.message);
          }
          this.retry();
        },
      );
    }, delay);
  }
}

function parseEvent(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
