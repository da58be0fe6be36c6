import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException, ValidationPipe } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { BODY_TOO_LARGE } from '../navai.messages.js';
import { clientSecretBodyPipe } from '../client-secret/client-secret-body.pipe.js';
import { CreateClientSecretDto } from '../client-secret/create-client-secret.dto.js';
import type { ClientSecretRequest } from '../interfaces/client-secret.interface.js';
import { SDP_CONTENT_TYPES } from './calls.constants.js';
import { CALLS_API_KEY_REFUSED, CALLS_CONTENT_TYPE, SDP_OFFER_REQUIRED } from './calls.messages.js';

/** What `POST /navai/realtime/calls` asks for: the browser's offer and the session overrides. */
export interface CallOffer {
  sdp: string;
  overrides: ClientSecretRequest;
}

const overridesPipe = new ValidationPipe({ whitelist: true, transform: true, expectedType: CreateClientSecretDto });

/**
 * Reads the calls route's body in either form: the raw SDP offer (`application/sdp`, `text/plain`),
 * or JSON with `sdp` and the overrides, validated exactly as on the client-secret route.
 */
export async function readCallOffer(req: unknown, bodyLimit: number): Promise<CallOffer> {
  const { headers, body } = req as { headers: Record<string, string | undefined>; body?: unknown };
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if ((SDP_CONTENT_TYPES as readonly string[]).includes(type)) {
    // Express leaves these bodies unread; Fastify reads them with the parser the module adds.
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : await readText(req, bodyLimit);
    if (Buffer.byteLength(text) > bodyLimit) throw new PayloadTooLargeException(BODY_TOO_LARGE(bodyLimit));
    return { sdp: sdpOffer(text), overrides: {} };
  }
  if (type !== 'application/json') throw new UnsupportedMediaTypeException(CALLS_CONTENT_TYPE());
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestException(SDP_OFFER_REQUIRED());
  const fields = body as Record<string, unknown>;
  if (fields.apiKey !== undefined) throw new BadRequestException(CALLS_API_KEY_REFUSED());
  const overrides = (await overridesPipe.transform(clientSecretBodyPipe.transform(fields, { type: 'body' }), {
    type: 'body',
    metatype: CreateClientSecretDto,
  })) as ClientSecretRequest;
  return { sdp: sdpOffer(fields.sdp), overrides };
}

function sdpOffer(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('v=0') || !/\r?\nm=/.test(value)) throw new BadRequestException(SDP_OFFER_REQUIRED());
  return value;
}

/** The unread body of a raw Node request, held to the limit while it arrives. */
async function readText(req: unknown, limit: number): Promise<string> {
  const stream = ((req as { raw?: unknown }).raw ?? req) as IncomingMessage;
  if (stream.readableEnded || typeof stream[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLargeException(BODY_TOO_LARGE(limit));
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
