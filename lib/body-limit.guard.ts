import { type CanActivate, type ExecutionContext, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { NAVAI_CONFIG } from './navai.constants.js';
import { BODY_TOO_LARGE } from './navai.messages.js';
import type { NavaiConfig } from './config/navai-config.js';
import { jsonByteLength } from './utils/json-byte-length.js';

interface RequestWithBody {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/**
 * Holds a request to the module's body limit, whatever the app's parser allows: by the declared
 * length, or by the parsed body's size when no length is declared (chunked) or the declared one
 * is of the compressed body (the parser has inflated it).
 */
export function assertBodyWithinLimit(req: unknown, limit: number): void {
  const { headers, body } = req as RequestWithBody;
  const declared = headers['content-length'];
  const encoding = headers['content-encoding'];
  const exact = typeof declared === 'string' && (encoding === undefined || encoding === 'identity');
  const size = exact ? Number(declared) : body === undefined ? 0 : jsonByteLength(body);
  if (size > limit) throw new PayloadTooLargeException(BODY_TOO_LARGE(limit));
}

/** The body limit on the list and client-secret routes; the execute route's executor checks it itself. */
@Injectable()
export class BodyLimitGuard implements CanActivate {
  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    assertBodyWithinLimit(context.switchToHttp().getRequest(), this.config.bodyLimit);
    return true;
  }
}
