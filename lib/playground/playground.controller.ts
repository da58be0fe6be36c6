import { type CanActivate, Controller, Get, Header, Inject, Req, Res, type Type, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NavaiConfig } from '../config/navai-config.js';
import { NAVAI_CONFIG } from '../navai.constants.js';
import { PLAYGROUND_FILES } from './playground.constants.js';
import { PlaygroundPage, type PlaygroundRoutes } from './playground.page.js';

/** Builds the playground's routes (page, script, style sheet) behind the module's guards; a fresh class per module. */
export function createPlaygroundController(routes: PlaygroundRoutes, guards: Array<Type<CanActivate> | CanActivate>): Type<unknown> {
  const path = routes.playgroundPath;

  @Controller()
  @UseGuards(...guards)
  class PlaygroundController {
    private readonly page: PlaygroundPage;

    constructor(
      @Inject(NAVAI_CONFIG) config: NavaiConfig,
      private readonly adapterHost: HttpAdapterHost,
    ) {
      this.page = new PlaygroundPage(routes, config.baseUrl);
    }

    @Get(path)
    @Header('Content-Type', 'text/html; charset=utf-8')
    @Header('Cache-Control', 'no-store')
    html(@Req() req: { originalUrl?: string; url?: string }, @Res({ passthrough: true }) res: unknown): string {
      this.secure(res);
      return this.page.html(req.originalUrl ?? req.url ?? path);
    }

    @Get(`${path}/${PLAYGROUND_FILES.script}`)
    @Header('Content-Type', 'text/javascript; charset=utf-8')
    @Header('Cache-Control', 'no-cache')
    script(@Res({ passthrough: true }) res: unknown): string {
      this.secure(res);
      return this.page.script();
    }

    @Get(`${path}/${PLAYGROUND_FILES.style}`)
    @Header('Content-Type', 'text/css; charset=utf-8')
    @Header('Cache-Control', 'no-cache')
    style(@Res({ passthrough: true }) res: unknown): string {
      this.secure(res);
      return this.page.style();
    }

    private secure(res: unknown): void {
      const adapter = this.adapterHost.httpAdapter;
      adapter.setHeader(res, 'Content-Security-Policy', this.page.contentSecurityPolicy);
      adapter.setHeader(res, 'X-Content-Type-Options', 'nosniff');
      adapter.setHeader(res, 'Referrer-Policy', 'no-referrer');
    }
  }
  return PlaygroundController;
}
