import { type CanActivate, type ExecutionContext, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { NAVAI_CONFIG } from './navai.constants.js';
import { BODY_TOO_LARGE } from './navai.messages.js';
import type { NavaiConfig } from './config/navai-config.js';
import { jsonByteLength } from './utils/json-byte-length.js';

/**
 * Holds the module's routes to their own body limit, whatever the app's parser allows:
 * by the declared length, or (a chunked body declares none) by the parsed body's size.
 */
@Injectable()
export class BodyLimitGuard implements CanActivate {
  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; body?: unknown }>();
    const declared = req.headers['content-length'];
    const size = declared !== undefined ? Number(declared) : req.body === undefined ? 0 : jsonByteLength(req.body);
    if (size > this.config.bodyLimit) throw new PayloadTooLargeException(BODY_TOO_LARGE(this.config.bodyLimit));
    return true;
  }
}
