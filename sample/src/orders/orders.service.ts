import { Injectable } from '@nestjs/common';
import { NavaiTool, NavaiToolError } from 'nestjs-navai';

const ORDERS: Record<string, { status: string; eta: string }> = {
  'A-1001': { status: 'shipped', eta: 'tomorrow' },
  'A-1002': { status: 'preparing', eta: 'in three days' },
};

/** A decorated tool: a method of a normal provider, with dependency injection and `this`. */
@Injectable()
export class OrdersService {
  @NavaiTool({ description: 'Look up the status of an order by its id, e.g. A-1001.' })
  getOrderStatus(payload: { orderId?: string }) {
    const order = payload.orderId ? ORDERS[payload.orderId] : undefined;
    if (!order) throw new NavaiToolError(`There is no order "${payload.orderId ?? ''}".`);
    return { orderId: payload.orderId, ...order };
  }
}
