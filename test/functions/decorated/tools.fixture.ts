import { Controller, Get, Inject, Injectable, Module, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { NavaiTool, type NavaiToolContext } from '../../../lib/index.js';

@Injectable()
export class OrdersRepository {
  find(id: string) {
    return { id, status: 'shipped' };
  }
}

@Injectable()
export class OrdersService {
  readonly calls: unknown[] = [];
  constructor(private readonly repository: OrdersRepository) {}

  @NavaiTool({ description: 'Look up an order by id.' })
  getOrderStatus(payload: { id: string }, context: NavaiToolContext) {
    this.calls.push(payload);
    return { ...this.repository.find(payload.id), tool: context.functionName, user: context.user ?? null };
  }

  @NavaiTool({ name: 'cancel-order' })
  async cancel(payload: { id: string }) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return `cancelled ${payload.id}`;
  }

  notATool() {
    return 'never exposed';
  }
}

/** A new instance per request, with the request injected. */
@Injectable({ scope: Scope.REQUEST })
export class RequestInfo {
  static instances = 0;
  constructor(@Inject(REQUEST) private readonly request: { headers: Record<string, string> }) {
    RequestInfo.instances += 1;
  }

  @NavaiTool()
  whoAmI() {
    return { caller: this.request.headers['x-caller'] ?? null };
  }
}

/** A singleton by declaration, request-scoped in fact through its dependency. */
@Injectable()
export class Greeter {
  constructor(private readonly info: RequestInfo) {}

  @NavaiTool()
  greet(payload: { name?: string }) {
    return `hello ${payload.name ?? 'you'}, caller ${this.info.whoAmI().caller}`;
  }
}

@Injectable({ scope: Scope.TRANSIENT })
export class Counter {
  private count = 0;

  @NavaiTool()
  increment() {
    this.count += 1;
    return this.count;
  }
}

export abstract class BaseTools {
  protected abstract readonly prefix: string;

  @NavaiTool({ description: 'Inherited tool.' })
  echo(payload: { text: string }) {
    return `${this.prefix}${payload.text}`;
  }
}

@Injectable()
export class EchoTools extends BaseTools {
  protected readonly prefix = 'echo: ';
}

@Controller('weather')
export class WeatherController {
  @Get()
  http() {
    return 'ok';
  }

  @NavaiTool()
  currentWeather(payload: { city: string }) {
    return { city: payload.city, celsius: 21 };
  }
}

@Module({
  controllers: [WeatherController],
  providers: [
    OrdersRepository,
    OrdersService,
    { provide: 'ORDERS_ALIAS', useExisting: OrdersService },
    RequestInfo,
    Greeter,
    Counter,
    EchoTools,
  ],
})
export class ToolsModule {}

@Injectable()
export class OtherTools {
  @NavaiTool()
  otherTool() {
    return 'other';
  }
}

@Module({ providers: [OtherTools] })
export class OtherModule {}
