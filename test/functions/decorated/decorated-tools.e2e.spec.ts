import { CanActivate, ExecutionContext, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionRegistry, NavaiModule, NavaiTool } from '../../../lib/index.js';
import { CapturingLogger, startApp, type TestApp } from '../../support/test-app.js';
import { Counter, OrdersService, OtherModule, OtherTools, RequestInfo, ToolsModule } from './tools.fixture.js';

const EXECUTE = '/navai/functions/execute';
const call = (app: TestApp, name: string, payload?: unknown, headers?: Record<string, string>) =>
  app.request('POST', EXECUTE, { function_name: name, payload }, headers);

@Injectable()
class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    const req = context.switchToHttp().getRequest();
    req.user = { id: req.headers['x-user'] ?? 'anonymous' };
    return true;
  }
}

describe('@NavaiTool on providers and controllers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(
      [NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none' }), ToolsModule, OtherModule],
      { providers: [{ provide: APP_GUARD, useClass: SignedInGuard }] },
    );
  });
  afterAll(() => app.close());

  it('registers every decorated method once, with its name, description and source', () => {
    const tools = app.app.get(FunctionRegistry).list().map(({ name, description, source }) => ({ name, description, source }));
    expect(tools).toEqual(
      expect.arrayContaining([
        { name: 'get_order_status', description: 'Look up an order by id.', source: 'OrdersService#getOrderStatus' },
        { name: 'cancel-order', description: 'Call OrdersService.cancel().', source: 'OrdersService#cancel' },
        { name: 'who_am_i', description: 'Call RequestInfo.whoAmI().', source: 'RequestInfo#whoAmI' },
        { name: 'greet', description: 'Call Greeter.greet().', source: 'Greeter#greet' },
        { name: 'increment', description: 'Call Counter.increment().', source: 'Counter#increment' },
        { name: 'echo', description: 'Inherited tool.', source: 'EchoTools#echo' },
        { name: 'current_weather', description: 'Call WeatherController.currentWeather().', source: 'WeatherController#currentWeather' },
        { name: 'other_tool', description: 'Call OtherTools.otherTool().', source: 'OtherTools#otherTool' },
      ]),
    );
    // the useExisting alias adds nothing; undecorated methods are not tools
    expect(tools).toHaveLength(8);
  });

  it('calls the injected singleton with `this` bound, the payload and the context', async () => {
    const res = await call(app, 'get_order_status', { id: 'A-1' }, { 'x-user': 'ada' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      ok: true,
      function_name: 'get_order_status',
      source: 'OrdersService#getOrderStatus',
      result: { id: 'A-1', status: 'shipped', tool: 'get_order_status', user: { id: 'ada' } },
    });
    expect(app.app.get(OrdersService).calls).toContainEqual({ id: 'A-1' });
  });

  it('resolves request-scoped providers per request, with that request injected', async () => {
    const before = RequestInfo.instances;
    const first = await call(app, 'who_am_i', {}, { 'x-caller': 'first' });
    const second = await call(app, 'who_am_i', {}, { 'x-caller': 'second' });
    expect(first.json.result).toEqual({ caller: 'first' });
    expect(second.json.result).toEqual({ caller: 'second' });
    expect(RequestInfo.instances - before).toBe(2);
  });

  it('resolves singletons that depend on request-scoped providers per request too', async () => {
    const res = await call(app, 'greet', { name: 'Lin' }, { 'x-caller': 'phone' });
    expect(res.json.result).toBe('hello Lin, caller phone');
  });

  it('gives transient providers a fresh instance per call', async () => {
    expect((await call(app, 'increment')).json.result).toBe(1);
    expect((await call(app, 'increment')).json.result).toBe(1);
  });

  it('finds inherited decorated methods, called on the subclass instance', async () => {
    expect((await call(app, 'echo', { text: 'hi' })).json.result).toBe('echo: hi');
  });

  it('finds decorated controller methods', async () => {
    expect((await call(app, 'current_weather', { city: 'Lima' })).json.result).toEqual({ city: 'Lima', celsius: 21 });
  });

  it('awaits async tools', async () => {
    expect((await call(app, 'cancel-order', { id: 'B-2' })).json.result).toBe('cancelled B-2');
  });
});

describe('discovery limits', () => {
  const names = async (options: Parameters<typeof NavaiModule.forRoot>[0]) => {
    const app = await startApp([NavaiModule.forRoot(options), ToolsModule, OtherModule]);
    try {
      return app.app.get(FunctionRegistry).names();
    } finally {
      await app.close();
    }
  };

  it('toolModules keeps only those modules\' providers and controllers', async () => {
    expect(await names({ toolModules: [OtherModule] })).toEqual(['other_tool']);
  });

  it('toolClasses keeps only those classes', async () => {
    expect((await names({ toolClasses: [Counter, OrdersService] })).sort()).toEqual(['cancel-order', 'get_order_status', 'increment']);
  });

  it('with both, either one admits a class', async () => {
    expect((await names({ toolModules: [OtherModule], toolClasses: [Counter] })).sort()).toEqual(['increment', 'other_tool']);
  });
});

describe('startup errors', () => {
  const compile = async (...imports: unknown[]) => {
    const module = await Test.createTestingModule({ imports: [NavaiModule.forRoot(), ...(imports as [])] })
      .setLogger(new CapturingLogger())
      .compile();
    try {
      await module.init();
    } finally {
      await module.close();
    }
  };

  it('two decorated tools with one name stop startup, naming both Class.method', async () => {
    @Injectable()
    class Billing {
      @NavaiTool({ name: 'lookup' })
      find() {}
    }
    @Injectable()
    class Shipping {
      @NavaiTool()
      lookup() {}
    }
    @Module({ providers: [Billing, Shipping] })
    class Clash {}
    await expect(compile(Clash)).rejects.toThrow(
      'Two tools are named "lookup": Billing.find and Shipping.lookup. Give one of them another name with @NavaiTool({ name }).',
    );
  });

  it('one class provided by two modules is a clash too, naming the modules', async () => {
    @Module({ providers: [OtherTools] })
    class First {}
    @Module({ providers: [OtherTools] })
    class Second {}
    await expect(compile(First, Second)).rejects.toThrow(
      'Two tools are named "other_tool": OtherTools.otherTool in First and OtherTools.otherTool in Second.',
    );
  });

  it('a name the execute route could never reach stops startup', async () => {
    @Injectable()
    class Loud {
      @NavaiTool({ name: 'GetThing' })
      get() {}
    }
    @Module({ providers: [Loud] })
    class LoudModule {}
    await expect(compile(LoudModule)).rejects.toThrow(
      'Invalid tool name "GetThing" (Loud.get): use 1 to 64 characters from a-z, 0-9, _ and -.',
    );
  });

  it('the decorator stores a frozen copy of its options', () => {
    const options = { name: 'copied' };
    class Sample {
      @NavaiTool(options)
      run() {}
    }
    options.name = 'mutated';
    const stored = Reflect.getMetadata('navai:tool', Sample.prototype.run);
    expect(stored).toEqual({ name: 'copied' });
    expect(Object.isFrozen(stored)).toBe(true);
  });
});
