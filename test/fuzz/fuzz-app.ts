import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { NavaiModule, NavaiTool, NavaiToolError } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';

/** The app the fuzz suite runs against: a server key, allow-lists, and tools of every kind. */
export const STAFF_TOKEN = 'Bearer staff-token';
export const ALLOWED_MODELS = ['gpt-realtime', 'gpt-realtime-mini'];
export const ALLOWED_VOICES = ['marin', 'cedar', 'alloy'];
export const KNOWN_SKUS = ['A-1', 'B-2'];
export const NO_SUCH_PRODUCT = 'There is no such product.';

/** Lets through only the one staff token. */
@Injectable()
export class StaffGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization === STAFF_TOKEN;
  }
}

export class GetOrderDto {
  @Matches(/^A-\d{4}$/)
  orderId!: string;

  @IsOptional()
  @IsBoolean()
  withItems: boolean | null = false;
}

export const bookingSchema = z.object({
  room: z.enum(['single', 'double']),
  nights: z.number().int().min(1).max(30).default(1),
});

export const forecastSchema = {
  type: 'object',
  properties: {
    city: { type: 'string', minLength: 2, maxLength: 40 },
    days: { type: 'integer', minimum: 1, maximum: 14, default: 3 },
  },
  required: ['city'],
  additionalProperties: false,
};

@Injectable()
export class FuzzTools {
  @NavaiTool({ description: 'Echo the payload back.' })
  echo(payload: Record<string, unknown>) {
    return payload;
  }

  @NavaiTool({ parameters: GetOrderDto })
  getOrder(order: GetOrderDto) {
    return { orderId: order.orderId, withItems: order.withItems, isDto: order instanceof GetOrderDto };
  }

  @NavaiTool({ parameters: bookingSchema })
  bookRoom(booking: z.infer<typeof bookingSchema>) {
    return booking;
  }

  @NavaiTool({ parameters: forecastSchema })
  forecast(args: { city: string; days: number }) {
    return args;
  }

  @NavaiTool()
  reserveStock(payload: Record<string, unknown>) {
    if (typeof payload.sku === 'string' && KNOWN_SKUS.includes(payload.sku)) return { reserved: payload.sku };
    throw new NavaiToolError(NO_SUCH_PRODUCT);
  }

  @NavaiTool({ guards: [StaffGuard] })
  staffReport() {
    return { openTickets: 3 };
  }
}

@Module({ providers: [FuzzTools, StaffGuard] })
export class FuzzToolsModule {}

export const FUZZ_FOLDER_BASE = fileURLToPath(new URL('../fixtures/faults/fuzz', import.meta.url));

export const fuzzNavaiModule = (baseUrl: string) =>
  NavaiModule.forRoot({
    apiKey: CANARY_KEY,
    baseUrl,
    allowedModels: ALLOWED_MODELS,
    allowedVoices: ALLOWED_VOICES,
    sessionTools: true,
    functionsBaseDir: FUZZ_FOLDER_BASE,
  });
