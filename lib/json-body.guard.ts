import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { NAVAI_CONFIG } from './navai.constants.js';
import { BODY_TOO_LARGE, JSON_BODY_REQUIRED } from './navai.messages.js';
import type { NavaiConfig } from './config/navai-config.js';
import { jsonByteLength } from './utils/json-byte-length.js';
import { receivedBytes } from './received-bytes.counter.js';

interface RequestWithBody {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** `application/json`, with parameters (`; charset=utf-8`) or without, in any case. */
const JSON_MEDIA_TYPE = /^application\/json[ \t]*(?:;|$)/i;

/**
 * Holds a request to the module's JSON routes, whatever parsers the app installed:
 * - anything but GET and HEAD must be `application/json` (415), so no cross-site form or
 *   `text/plain` post, which browsers send without a CORS preflight, reaches a route;
 * - its body must fit the limit (413): by the declared length, else by the bytes received (a
 *   chunked body) or the parsed body's size, whichever is larger (a compressed body is held to its
 *   inflated size).
 */
export function assertJsonBody(req: unknown, limit: number): void {
  const { method, headers } = req as RequestWithBody;
  if (method !== 'GET' && method !== 'HEAD') {
    const type = headers['content-type'];
    if (typeof type !== 'string' || !JSON_MEDIA_TYPE.test(type)) throw new UnsupportedMediaTypeException(JSON_BODY_REQUIRED());
  }
  assertBodyWithinLimit(req, limit);
}

/** The body limit alone, for routes with their own content types (a call's SDP offer, a webhook). */
export function assertBodyWithinLimit(req: unknown, limit: number): void {
  const { headers, body } = req as RequestWithBody;
  const declared = headers['content-length'];
  const encoding = headers['content-encoding'];
  const exact = typeof declared === 'string' && (encoding === undefined || encoding === 'identity');
  const size = exact ? Number(declared) : Math.max(receivedBytes(req), body === undefined ? 0 : jsonByteLength(body));
  if (size > limit) throw new PayloadTooLargeException(BODY_TOO_LARGE(limit));
}

/** The body limit on routes that take other content types than JSON. */
@Injectable()
export class BodyLimitGuard implements CanActivate {
  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    assertBodyWithinLimit(context.switchToHttp().getRequest(), this.config.bodyLimit);
    return true;
  }
}

/** The JSON body check on the list and client-secret routes; the execute route's executor makes it itself. */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    assertJsonBody(context.switchToHttp().getRequest(), this.config.bodyLimit);
    return true;
  }
}
