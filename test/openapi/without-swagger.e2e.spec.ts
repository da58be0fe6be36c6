import Module from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.js';

type Resolve = (request: string, ...rest: unknown[]) => string;
const RESOLVE = '_resolveFilename';
const loader = Module as unknown as Record<typeof RESOLVE, Resolve>;

describe('without @nestjs/swagger', () => {
  const resolve = loader[RESOLVE];
  let app: TestApp;
  beforeAll(async () => {
    // Resolution fails for it as it does in an app that never installed it.
    loader[RESOLVE] = function (request, ...rest) {
      if (request === '@nestjs/swagger' || request.startsWith('@nestjs/swagger/')) {
        throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
      }
      return resolve.call(this, request, ...rest);
    };
    const { NavaiModule } = await import('../../lib/index.js');
    const { startApp } = await import('../support/test-app.js');
    app = await startApp([NavaiModule.forRoot({ apiKey: 'sk-unused' })]);
  });
  afterAll(async () => {
    loader[RESOLVE] = resolve;
    await app?.close();
  });

  it('serves the routes, and leaves no OpenAPI metadata on them', async () => {
    expect((await app.request('GET', '/navai/functions')).status).toBe(200);
    expect((await app.request('POST', '/navai/functions/execute', {})).status).toBe(400);
    const { NavaiModule } = await import('../../lib/index.js');
    const controllers = (NavaiModule.forRoot({}).controllers ?? []) as Array<{ prototype: object }>;
    expect(controllers.length).toBe(5);
    for (const controller of controllers) {
      const prototype = controller.prototype as Record<string, object>;
      const keys = [
        ...Reflect.getMetadataKeys(controller),
        ...Object.getOwnPropertyNames(prototype)
          .filter((name) => name !== 'constructor')
          .flatMap((name) => Reflect.getMetadataKeys(prototype[name])),
      ];
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((key) => String(key).startsWith('swagger/'))).toEqual([]);
    }
  });
});
