import {
  BadRequestException,
  type CanActivate,
  Controller,
  HttpCode,
  HttpStatus,
  Inject,
  InternalServerErrorException,
  Logger,
  NotFoundException,
  Post,
  Req,
  SetMetadata,
  type Type,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { thrownText } from '../utils/thrown-text.js';
import { NAVAI_WEBHOOK_ROUTE, WEBHOOK_IDS_REMEMBERED } from './calls.constants.js';
import {
  INCOMING_CALL_FAILED_LOG,
  WEBHOOK_BODY_INVALID,
  WEBHOOK_NOT_CONFIGURED,
  WEBHOOK_RAW_BODY_MISSING,
  WEBHOOK_REFUSED,
  WEBHOOK_REFUSED_LOG,
} from './calls.messages.js';
import { RealtimeCallsService } from './calls.service.js';
import { SeenWebhookIds, webhookSignatureProblem, type WebhookHeaders } from './webhook-signature.js';

interface WebhookRequest {
  headers: WebhookHeaders;
  rawBody?: Buffer;
}

interface WebhookEvent {
  type?: unknown;
  data?: { call_id?: unknown; sip_headers?: unknown };
}

/**
 * Builds `POST <webhookPath>`, where OpenAI announces SIP calls. Its signature is its
 * authentication: no module guard runs on it, and its handler carries `NAVAI_WEBHOOK_ROUTE`
 * metadata for an app-wide guard to let it through.
 */
export function createWebhookController(path: string, guards: Array<Type<CanActivate> | CanActivate>): Type<unknown> {
  @Controller()
  @UseGuards(...guards)
  class WebhookController {
    private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);
    private readonly seen = new SeenWebhookIds(WEBHOOK_IDS_REMEMBERED);

    constructor(
      private readonly calls: RealtimeCallsService,
      @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
    ) {}

    @Post(path)
    @HttpCode(HttpStatus.OK)
    @SetMetadata(NAVAI_WEBHOOK_ROUTE, true)
    receive(@Req() req: WebhookRequest): { received: true } {
      const secret = this.config.calls.webhookSecret;
      if (!secret) throw new NotFoundException(WEBHOOK_NOT_CONFIGURED());
      const raw = req.rawBody;
      if (!Buffer.isBuffer(raw)) {
        this.logger.error(WEBHOOK_RAW_BODY_MISSING());
        throw new InternalServerErrorException(WEBHOOK_RAW_BODY_MISSING());
      }
      const problem = webhookSignatureProblem(secret, req.headers, raw);
      if (problem) {
        this.logger.warn(WEBHOOK_REFUSED_LOG(problem));
        throw new UnauthorizedException(WEBHOOK_REFUSED());
      }
      const event = parse(raw);
      if (!event) throw new BadRequestException(WEBHOOK_BODY_INVALID());
      const webhookId = String(req.headers['webhook-id']);
      // A repeated delivery is acknowledged and not acted on twice.
      if (!this.seen.add(webhookId)) return { received: true };
      if (event.type === 'realtime.call.incoming' && typeof event.data?.call_id === 'string') {
        const callId = event.data.call_id;
        const sipHeaders = Array.isArray(event.data.sip_headers)
          ? event.data.sip_headers.filter((header): header is { name: string; value: string } =>
              typeof header?.name === 'string' && typeof header?.value === 'string',
            )
          : [];
        // Answered at once: the call is accepted (or not) after OpenAI has its 200.
        this.calls.answerIncoming({ callId, sipHeaders }).catch((error: unknown) => {
          this.logger.error(INCOMING_CALL_FAILED_LOG(callId), thrownText(error, false));
        });
      }
      return { received: true };
    }
  }
  return WebhookController;
}

function parse(raw: Buffer): WebhookEvent | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WebhookEvent) : undefined;
  } catch {
    return undefined;
  }
}
