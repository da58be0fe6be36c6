import type { WebSocket as UndiciWebSocket } from 'undici';
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

type WebSocketClass = typeof UndiciWebSocket;
let loading: Promise<WebSocketClass> | undefined;

/** undici's WebSocket (WHATWG, with `headers` in its init): loaded with the first call, not at start-up. */
function webSocketClass(): Promise<WebSocketClass> {
  loading ??= import('undici').then((module) => module.WebSocket);
  return loading;
}

/**
 * The server's own WebSocket on a live call. Sends wait in a bounded queue while it reconnects;
 * a connection that breaks is retried with doubling backoff for `reconnectMs`.
 */
export class SidebandConnection {
  private socket?: UndiciWebSocket;
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

  private async dial(): Promise<UndiciWebSocket> {
    const WebSocket = await webSocketClass();
    const socket = new WebSocket(this.options.url, { headers: { authorization: `Bearer ${this.options.apiKey}` } });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(`not open within ${this.options.connectTimeoutMs} ms`);
        socket.close();
      }, this.options.connectTimeoutMs);
      const fail = (detail: string) => {
        clearTimeout(timer);
        socket.onopen = socket.onclose = socket.onerror = null;
        reject(new Error(detail));
      };
      socket.onopen = () => {
        clearTimeout(timer);
        resolve();
      };
      socket.onerror = (event) => fail(errorText(event));
      socket.onclose = (event) => fail(`closed (${event.code})`);
    });
    if (this.closed) {
      socket.close(1000);
      throw new Error('closed');
    }
    socket.onerror = null;
    socket.onmessage = (message) => {
      const raw = typeof message.data === 'string' ? message.data : '';
      this.handlers.onEvent(parseEvent(raw), raw);
    };
    socket.onclose = (event) => this.onClose(event.code, event.reason, event.wasClean);
    for (const text of this.queue.splice(0)) socket.send(text);
    return socket;
  }

  private onClose(code: number, reason: string, clean: boolean): void {
    if (this.closed) return;
    // A clean close by OpenAI (1000) ends the call; anything else is a broken connection.
    if (clean && code === 1000) {
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

function errorText(event: unknown): string {
  const error = (event as { error?: unknown }).error;
  return error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : 'connection failed';
}
