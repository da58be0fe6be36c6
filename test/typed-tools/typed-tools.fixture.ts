import { Injectable, Module } from '@nestjs/common';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import * as v from 'valibot';
import { z } from 'zod';
import { JSONSchema, NavaiTool, type NavaiToolContext } from '../../lib/index.js';

export class CreateOrderDto {
  @IsString()
  @JSONSchema({ description: 'Catalogue id of the product.' })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(10)
  quantity = 1;

  @IsIn(['standard', 'express'])
  shipping = 'standard';
}

const zodBooking = z.object({
  room: z.enum(['single', 'double']),
  nights: z.number().int().min(1).default(1),
});

const valibotReview = toStandardJsonSchema(
  v.object({ stars: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)), text: v.optional(v.string(), '') }),
);

/** What the slow tools saw, for the tests to read after the response. */
export const observed = {
  ignoringFinished: false,
  honouringAbortReason: undefined as unknown,
  disconnectReason: undefined as unknown,
};

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Injectable()
export class TypedTools {
  @NavaiTool({ parameters: CreateOrderDto, hints: { destructive: true, requiresApproval: true } })
  createOrder(order: CreateOrderDto, context: NavaiToolContext) {
    return { isDto: order instanceof CreateOrderDto, order: { ...order }, hasSignal: context.signal instanceof AbortSignal };
  }

  @NavaiTool({ parameters: zodBooking, description: 'Book a room.' })
  bookRoom(booking: z.infer<typeof zodBooking>) {
    return booking;
  }

  @NavaiTool({ parameters: valibotReview })
  leaveReview(review: { stars: number; text: string }) {
    return review;
  }

  @NavaiTool({
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', minLength: 2 }, days: { type: 'integer', minimum: 1, default: 3 } },
      required: ['city'],
      additionalProperties: false,
    },
  })
  forecast(args: { city: string; days: number }) {
    return args;
  }

  @NavaiTool({ timeoutMs: 100 })
  async slowIgnoring() {
    await wait(400);
    observed.ignoringFinished = true;
    return 'too late';
  }

  @NavaiTool({ timeoutMs: 100 })
  slowHonouring(_: unknown, { signal }: NavaiToolContext) {
    return new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        observed.honouringAbortReason = signal.reason;
        reject(new Error('stopped'));
      });
    });
  }

  @NavaiTool()
  async moduleTimeout() {
    await wait(1_000);
    return 'too late';
  }

  @NavaiTool({ timeoutMs: 5_000 })
  waitForClient(_: unknown, { signal }: NavaiToolContext) {
    return new Promise((resolve) => {
      signal.addEventListener('abort', () => {
        observed.disconnectReason = signal.reason;
        resolve('nobody is listening');
      });
    });
  }

  @NavaiTool({ timeoutMs: 50 })
  async rejectLate() {
    await wait(150);
    throw new Error('late failure');
  }

  @NavaiTool()
  bigint() {
    return { total: 10n };
  }

  @NavaiTool()
  circular() {
    const node: Record<string, unknown> = { name: 'loop' };
    node.self = node;
    return node;
  }
}

@Module({ providers: [TypedTools] })
export class TypedToolsModule {}
