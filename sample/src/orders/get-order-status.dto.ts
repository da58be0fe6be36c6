import { Matches } from 'class-validator';
import { JSONSchema } from 'nestjs-navai';

export class GetOrderStatusDto {
  @Matches(/^A-\d{4}$/, { message: 'orderId must look like A-1001' })
  @JSONSchema({ description: 'The order id, e.g. A-1001.' })
  orderId!: string;
}
