import {
  type CanActivate,
  Controller,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  type Type,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NAVAI_CONFIG } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { RetryAfterInterceptor } from '../upstream/retry-after.interceptor.js';
import { readCallOffer } from './call-offer.reader.js';
import { RealtimeCallsService } from './calls.service.js';

/** Builds `POST <callsPath>` (a browser's SDP offer in, the SDP answer out); a fresh class per module. */
export function createCallsController(path: string, guards: Array<Type<CanActivate> | CanActivate>): Type<unknown> {
  const location = path.replace(/\/+$/, '');

  @Controller()
  @UseGuards(...guards)
  class CallsController {
    constructor(
      private readonly calls: RealtimeCallsService,
      private readonly adapterHost: HttpAdapterHost,
      @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
    ) {}

    @Post(path)
    @HttpCode(HttpStatus.CREATED)
    @UseInterceptors(RetryAfterInterceptor)
    async create(@Req() req: unknown, @Res({ passthrough: true }) res: unknown): Promise<string> {
      const { sdp, overrides } = await readCallOffer(req, this.config.bodyLimit);
      const { callId, answer } = await this.calls.createWebRtcCall(sdp, overrides, req, res);
      const { httpAdapter } = this.adapterHost;
      httpAdapter.setHeader(res, 'Content-Type', 'application/sdp');
      httpAdapter.setHeader(res, 'Location', `${location}/${callId}`);
      httpAdapter.setHeader(res, 'X-Navai-Call-Id', callId);
      return answer;
    }
  }
  return CallsController;
}
