import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** One encoding of a stored answer: its bytes and their strong ETag. */
export interface StoredRepresentation {
  body: Buffer;
  etag: string;
}

/**
 * JSON serialized once and sent many times: its bytes with a strong ETag, and its gzip twin
 * (with an ETag of its own, as a different representation), compressed when first asked for.
 */
export class StoredJson implements StoredRepresentation {
  readonly body: Buffer;
  readonly etag: string;
  private gzipped?: StoredRepresentation;

  constructor(value: unknown) {
    this.body = Buffer.from(JSON.stringify(value));
    this.etag = `"${createHash('sha256').update(this.body).digest('base64url')}"`;
  }

  get gzip(): StoredRepresentation {
    this.gzipped ??= { body: gzipSync(this.body), etag: `${this.etag.slice(0, -1)}.gz"` };
    return this.gzipped;
  }
}
