import { createServer, type AddressInfo, type Server, type Socket, connect } from 'node:net';
import { expect } from 'vitest';
import { CANARY_ELEVENLABS_KEY, CANARY_KEY } from '../support/canary.js';
import type { HttpResult } from '../support/test-app.js';

/** A frame of a stack trace, as V8 prints it. */
export const STACK_FRAME = /\n\s+at \S|\bat .+\.(ts|js|mjs|cjs):\d+/;
const HTML = /<(!doctype|html|head|body|pre|h1)\b/i;

/** What every answer of a fault must be: JSON, with neither a stack, HTML nor a server key in it. */
export function expectCleanAnswer(res: HttpResult): void {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.json, res.text).toBeDefined();
  expect(res.text).not.toContain(CANARY_KEY);
  expect(res.text).not.toContain(CANARY_ELEVENLABS_KEY);
  expect(res.text).not.toMatch(STACK_FRAME);
  expect(res.text).not.toMatch(HTML);
}

export interface ProcessFailure {
  event: 'unhandledRejection' | 'uncaughtException';
  reason: unknown;
}

/**
 * Records every unhandled rejection and uncaught exception while it watches: a fault that
 * reaches either would stop a real server (Node's default for both is to exit).
 */
export function watchProcess(): { failures: ProcessFailure[]; stop(): void } {
  const failures: ProcessFailure[] = [];
  const onRejection = (reason: unknown) => failures.push({ event: 'unhandledRejection', reason });
  const onException = (reason: unknown) => failures.push({ event: 'uncaughtException', reason });
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    failures,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/**
 * A loopback port in front of the fake upstream. It forwards bytes both ways (a reset on one
 * side resets the other), and can stop listening, so that connections to it are refused, then
 * listen again on the same port: one app can meet a refused connection and recover from it.
 */
export class UpstreamPort {
  private readonly sockets = new Set<Socket>();
  private server: Server;
  private port = 0;

  private constructor(private readonly target: URL) {
    this.server = this.createServer();
  }

  static async start(targetBaseUrl: string): Promise<UpstreamPort> {
    const front = new UpstreamPort(new URL(targetBaseUrl));
    await front.listen();
    front.port = (front.server.address() as AddressInfo).port;
    return front;
  }

  /** The target's base URL (path included), on this port. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}${this.target.pathname}`;
  }

  /** Stops listening and drops open connections: new connections are refused. */
  async refuse(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Listens again, on the same port. */
  async accept(): Promise<void> {
    if (this.server.listening) return;
    this.server = this.createServer();
    await this.listen();
  }

  close(): Promise<void> {
    return this.server.listening ? this.refuse() : Promise.resolve();
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private createServer(): Server {
    return createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream);
      upstream.pipe(client);
      const resetOther = (other: Socket) => () => {
        if (!other.destroyed) other.resetAndDestroy();
      };
      upstream.on('error', resetOther(client));
      client.on('error', resetOther(upstream));
    });
  }
}
