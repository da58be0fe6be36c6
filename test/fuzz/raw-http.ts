import { Agent, type ClientRequest, type IncomingHttpHeaders, request } from 'node:http';

/** One request exactly as the fuzz suite wants it on the wire. */
export interface RawRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** Absent: no body at all. */
  body?: Buffer;
  /** Sent in chunks without Content-Length; otherwise Content-Length is the body's length. */
  chunked: boolean;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Plain `node:http` over keep-alive sockets: no header is added, checked or rewritten behind the suite's back. */
export class RawClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    sockets: number,
    private readonly timeoutMs = 15_000,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  async send(raw: RawRequest): Promise<RawResponse> {
    try {
      return await this.once(raw);
    } catch (error) {
      // The keep-alive race Node documents: the server closed an idle socket as it was reused.
      if ((error as { reusedSocket?: boolean }).reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
        return this.once(raw);
      }
      throw error;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private once(raw: RawRequest): Promise<RawResponse> {
    const headers = { ...raw.headers };
    if (raw.body !== undefined && !raw.chunked) headers['content-length'] = String(raw.body.length);
    return new Promise((resolve, reject) => {
      let answered = false;
      const req: ClientRequest = request(new URL(raw.path, this.baseUrl), { method: raw.method, headers, agent: this.agent }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      // A server may answer (413...) and close before it has read the whole body: the answer counts.
      req.on('error', (error) => {
        if (!answered) reject(Object.assign(error, { reusedSocket: req.reusedSocket }));
      });
      if (raw.body === undefined) return void req.end();
      if (!raw.chunked) return void req.end(raw.body);
      for (let offset = 0; offset < raw.body.length; offset += 16_384) req.write(raw.body.subarray(offset, offset + 16_384));
      req.end();
    });
  }
}
