import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NAVAI_CONFIG } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { SAFETY_IDENTIFIER_HEADER } from './safety-identifier.constants.js';
import { SAFETY_IDENTIFIER_INVALID_USER } from './safety-identifier.messages.js';

/**
 * The `OpenAI-Safety-Identifier` of a request: HMAC-SHA256 of its end user's id under the
 * configured key, as 64 hex characters (OpenAI's limit), so OpenAI can tell users apart without
 * learning who they are. Every request the module makes to OpenAI for a caller adds `headersFor(req)`.
 */
@Injectable()
export class SafetyIdentifierService {
  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {}

  /** The identifier, or undefined when the option is off or the request has no end user. */
  async of(req: unknown): Promise<string | undefined> {
    const settings = this.config.safetyIdentifier;
    if (!settings || req === undefined) return undefined;
    const user = await settings.source(req);
    if (user === undefined || user === null || user === '') return undefined;
    if (typeof user !== 'string' && typeof user !== 'bigint' && !(typeof user === 'number' && Number.isFinite(user))) {
      throw new TypeError(SAFETY_IDENTIFIER_INVALID_USER(typeof user));
    }
    return createHmac('sha256', settings.secret).update(String(user)).digest('hex');
  }

  /** `{ 'OpenAI-Safety-Identifier': ... }` for this request, or no headers. */
  async headersFor(req: unknown): Promise<Record<string, string>> {
    const identifier = await this.of(req);
    return identifier ? { [SAFETY_IDENTIFIER_HEADER]: identifier } : {};
  }
}
