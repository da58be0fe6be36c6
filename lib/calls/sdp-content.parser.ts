import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NAVAI_CONFIG } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';

interface FastifyLike {
  hasContentTypeParser(type: string): boolean;
  addContentTypeParser(
    type: string,
    options: { parseAs: 'string'; bodyLimit: number },
    parser: (req: unknown, body: string, done: (error: Error | null, body?: string) => void) => void,
  ): void;
}

/**
 * Fastify refuses a content type it has no parser for (415) before any route runs: this adds one
 * for `application/sdp` that keeps the body as text. Express leaves such bodies unread, and the
 * calls route reads them itself.
 */
@Injectable()
export class SdpContentParser implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyLike>();
    if (fastify.hasContentTypeParser('application/sdp')) return;
    fastify.addContentTypeParser('application/sdp', { parseAs: 'string', bodyLimit: this.config.bodyLimit }, (_req, body, done) =>
      done(null, body),
    );
  }
}
