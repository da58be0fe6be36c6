import { Injectable } from '@nestjs/common';
import { NavaiTool, NavaiToolError } from 'nestjs-navai';
import { GetOrderStatusDto } from './get-order-status.dto.js';

const ORDERS: Record<string, { status: string; eta: string }> = {
  'A-1001': { status: 'shipped', eta: 'tomorrow' },
  'A-1002': { status: 'preparing', eta: 'in three days' },
};

/** A decorated tool: a method of a normal provider, with dependency injection and `this`. */
@Injectable()
export class OrdersService {
  @NavaiTool({
    description: 'Look up the status of an order.',
    parameters: GetOrderStatusDto,
    hints: { readOnly: true },
  })
  getOrderStatus({ orderId }: GetOrderStatusDto) {
    const order = ORDERS[orderId];
    if (!order) throw new NavaiToolError(`There is no order ${orderId}.`);
    return { orderId, ...order };
  }
}
