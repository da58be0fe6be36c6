import { BadRequestException, Injectable, InternalServerErrorException, Module, NotFoundException } from '@nestjs/common';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionRegistry, NavaiModule, NavaiTool, NavaiToolError } from '../../lib/index.js';
import { FunctionList } from '../../lib/functions/function-list.js';
import type { StoredJson } from '../../lib/utils/stored-json.js';
import { get, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync as zunzip } from 'node:zlib';
import { startApp, type TestApp } from '../support/test-app.js';

const LIST = '/navai/functions';
const EXECUTE = '/navai/functions/execute';
const fixtures = fileURLToPath(new URL('../fixtures/routes', import.meta.url));

/** A GET that sends exactly these headers and keeps the body's bytes as they came. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

@Injectable()
class Tools {
  @NavaiTool({ description: 'Echo the payload back.' })
  echo(payload: unknown) {
    return payload;
  }

  @NavaiTool()
  lookup() {
    return 'from the decorator';
  }

  @NavaiTool()
  crash() {
    throw new Error('database password is hunter2');
  }

  @NavaiTool()
  throwString() {
    throw 'a bare string';
  }

  @NavaiTool()
  refuse() {
    throw new NavaiToolError('No order 42 exists.');
  }

  @NavaiTool()
  refuseWithStatus() {
    throw new NavaiToolError('Order 42 is locked.', { status: 409 });
  }

  @NavaiTool()
  notFound() {
    throw new NotFoundException('No such customer.');
  }

  @NavaiTool()
  badRequest() {
    throw new BadRequestException(['a must be a number', 'b is required']);
  }

  @NavaiTool()
  serverError() {
    throw new InternalServerErrorException('internal detail 7731');
  }

  @NavaiTool()
  nothing() {
    return undefined;
  }
}

@Module({ providers: [Tools] })
class ToolsModule {}

describe('function routes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp([
      NavaiModule.forRoot({
        functionsBaseDir: fixtures,
        showWarnings: (req) => (req as { headers: Record<string, string | undefined> }).headers['x-operator'] === 'yes',
      }),
      ToolsModule,
    ]);
  });
  afterAll(() => app.close());

  const execute = (body: unknown) => app.request('POST', EXECUTE, body);

  describe('GET /navai/functions', () => {
    it('lists decorated tools first, then folder tools, renaming the clash, with no warnings for an anonymous caller', async () => {
      const res = await app.request('GET', LIST);
      expect(res.status).toBe(200);
      const items = res.json.items as Array<Record<string, unknown>>;
      expect(items.every((item) => Object.keys(item).sort().join() === 'description,name,parameters,source')).toBe(true);
      const anyObject = { type: 'object', properties: {}, additionalProperties: true };
      expect(items.slice(0, 2)).toEqual([
        { name: 'echo', description: 'Echo the payload back.', source: 'Tools#echo', parameters: anyObject },
        { name: 'lookup', description: 'Call Tools.lookup().', source: 'Tools#lookup', parameters: anyObject },
      ]);
      const legacy = {
        type: 'object',
        properties: {
          args: { type: 'array', description: 'The positional arguments of the function.' },
          value: { description: 'The single argument of the function.' },
        },
        additionalProperties: true,
      };
      expect(items.slice(-2)).toEqual([
        {
          name: 'lookup_2',
          description: 'Call exported function lookup.',
          source: 'src/ai/functions-modules/lookup.ts#lookup',
          parameters: legacy,
        },
        {
          name: 'get_weather',
          description: 'Call exported function getWeather.',
          source: 'src/ai/functions-modules/weather.ts#getWeather',
          parameters: legacy,
        },
      ]);
      expect(res.json.warnings).toEqual([]);
    });

    it('shows the startup warnings only to callers showWarnings allows', async () => {
      const res = await app.request('GET', LIST, undefined, { 'x-operator': 'yes' });
      expect(res.json.warnings).toEqual([
        'Tool name "lookup" (src/ai/functions-modules/lookup.ts#lookup) is already taken; registered as "lookup_2".',
      ]);
      expect((await app.request('GET', LIST, undefined, { 'x-operator': 'no' })).json.warnings).toEqual([]);
    });

    it('sends one stored answer with a strong ETag, and 304 to a client that has it', async () => {
      const identity = { 'accept-encoding': 'identity' };
      const first = await app.request('GET', LIST, undefined, identity);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]{43}"$/);
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(first.headers.get('content-encoding')).toBeNull();
      expect(first.headers.get('vary')).toBe('Accept-Encoding');
      expect(first.headers.get('content-length')).toBe(String(Buffer.byteLength(first.text)));
      const again = await app.request('GET', LIST, undefined, identity);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('etag')).toBe(etag);
      for (const ifNoneMatch of [etag!, `W/${etag}`, `"other", ${etag}`, '*']) {
        const cached = await app.request('GET', LIST, undefined, { ...identity, 'if-none-match': ifNoneMatch });
        expect(cached.status).toBe(304);
        expect(cached.text).toBe('');
        expect(cached.headers.get('etag')).toBe(etag);
      }
      expect((await app.request('GET', LIST, undefined, { ...identity, 'if-none-match': '"other"' })).status).toBe(200);
    });

    it('sends the stored answer gzipped, as its own representation, to a client that accepts gzip', async () => {
      const plain = await rawGet(app.url + LIST, { 'accept-encoding': 'identity' });
      for (const accepted of ['gzip', 'br, gzip;q=0.8', 'deflate, *', 'x-gzip']) {
        const zipped = await rawGet(app.url + LIST, { 'accept-encoding': accepted });
        expect(zipped.headers['content-encoding'], accepted).toBe('gzip');
        expect(zunzip(zipped.body).equals(plain.body)).toBe(true);
        expect(zipped.body.length).toBeLessThan(plain.body.length);
        expect(zipped.headers.etag).toBe(`${plain.headers.etag!.slice(0, -1)}.gz"`);
        expect(zipped.headers.vary).toBe('Accept-Encoding');
        const cached = await rawGet(app.url + LIST, { 'accept-encoding': accepted, 'if-none-match': zipped.headers.etag! });
        expect(cached.status).toBe(304);
      }
      for (const refused of ['gzip;q=0', 'br', '*;q=0', 'identity']) {
        expect((await rawGet(app.url + LIST, { 'accept-encoding': refused })).headers['content-encoding'], refused).toBeUndefined();
      }
      // fetch asks for gzip and inflates it: the JSON is what the client reads.
      expect((await app.request('GET', LIST)).json).toEqual(JSON.parse(plain.body.toString()));
    });

    it('serializes the answer again only when the registry changes', async () => {
      const list = app.app.get(FunctionList);
      const registry = app.app.get(FunctionRegistry);
      const before = (await list.for({ headers: {} }, {})) as StoredJson;
      expect(await list.for({ headers: {} }, {})).toBe(before);
      registry.register({ name: 'stock_of', run: () => 3 });
      const during = (await list.for({ headers: {} }, {})) as StoredJson;
      expect(during.etag).not.toBe(before.etag);
      expect(JSON.parse(during.body.toString()).items.map((item: { name: string }) => item.name)).toContain('stock_of');
      const listed = await app.request('GET', LIST, undefined, { 'accept-encoding': 'identity' });
      expect(listed.headers.get('etag')).toBe(during.etag);
      expect(listed.text).toBe(during.body.toString());
      registry.unregister('stock_of');
      expect(((await list.for({ headers: {} }, {})) as StoredJson).body.equals(before.body)).toBe(true);
    });

    it('logs the startup warnings once', () => {
      expect(app.logger.lines.filter((line) => line.includes('registered as "lookup_2"'))).toHaveLength(1);
    });
  });

  describe('POST /navai/functions/execute', () => {
    it('runs a tool and answers the success envelope', async () => {
      const res = await execute({ function_name: 'echo', payload: { a: 1 } });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ ok: true, function_name: 'echo', source: 'Tools#echo', result: { a: 1 } });
    });

    it('trims and lower-cases the name', async () => {
      const res = await execute({ function_name: '  GET_Weather ', payload: { value: 'Quito' } });
      expect(res.json).toEqual({
        ok: true,
        function_name: 'get_weather',
        source: 'src/ai/functions-modules/weather.ts#getWeather',
        result: { city: 'Quito', sky: 'clear' },
      });
    });

    it('runs the renamed folder tool under its new name', async () => {
      expect((await execute({ function_name: 'lookup_2' })).json.result).toBe('from the folder');
      expect((await execute({ function_name: 'lookup' })).json.result).toBe('from the decorator');
    });

    it.each([
      ['a payload that is not an object', { function_name: 'echo', payload: 'text' }],
      ['an array payload', { function_name: 'echo', payload: [1, 2] }],
      ['a null payload', { function_name: 'echo', payload: null }],
      ['no payload', { function_name: 'echo' }],
    ])('treats %s as {}', async (_, body) => {
      expect((await execute(body)).json.result).toEqual({});
    });

    it('answers undefined results with the envelope and no result', async () => {
      const res = await execute({ function_name: 'nothing' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ ok: true, function_name: 'nothing', source: 'Tools#nothing' });
    });

    it.each([
      ['an empty object', {}],
      ['no function_name', { payload: {} }],
      ['an empty name', { function_name: '   ' }],
      ['a name that is not a string', { function_name: 42 }],
      ['a body that is an array', [1]],
    ])('answers 400 for %s', async (_, body) => {
      const res = await execute(body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        ok: false,
        code: 'MISSING_FUNCTION_NAME',
        error: 'function_name is required.',
        details: 'Send the name of a listed tool as function_name.',
      });
    });

    it('answers 404 with the available functions for a name not in the registry', async () => {
      const res = await execute({ function_name: 'drop_tables' });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({
        ok: false,
        function_name: 'drop_tables',
        code: 'UNKNOWN_FUNCTION',
        error: 'Unknown or disallowed function.',
        details: 'There is no tool named "drop_tables" that you may call.',
        available_functions: app.app.get(FunctionRegistry).names(),
      });
      expect(res.json.available_functions).toContain('get_weather');
    });

    it.each(['crash', 'throwString', 'serverError'])('hides an unexpected failure (%s) behind a reference that is in the log', async (tool) => {
      const name = tool.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      const res = await execute({ function_name: name });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({
        ok: false,
        function_name: name,
        code: 'EXECUTION_FAILED',
        error: 'The tool failed.',
        details: `The tool failed unexpectedly. Reference: ${res.json.correlation_id}.`,
        correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(res.text).not.toMatch(/hunter2|bare string|7731|\.ts:\d+/);
      const logged = app.logger.lines.find((line) => line.includes(res.json.correlation_id));
      expect(logged).toContain(`Tool "${name}" failed`);
    });

    it('logs the stack of an unexpected failure', () => {
      const logged = app.logger.lines.find((line) => line.includes('Tool "crash" failed'));
      expect(logged).toContain('Error: database password is hunter2');
      expect(logged).toMatch(/routes\.e2e\.spec\.ts:\d+/);
    });

    it.each([
      ['refuse', 422, 'No order 42 exists.'],
      ['refuse_with_status', 409, 'Order 42 is locked.'],
      ['not_found', 404, 'No such customer.'],
      ['bad_request', 400, 'a must be a number; b is required'],
    ])('passes a safe error (%s) through with its status', async (name, status, details) => {
      const res = await execute({ function_name: name });
      expect(res.status).toBe(status);
      expect(res.json).toEqual({ ok: false, function_name: name, code: 'EXECUTION_FAILED', error: 'The tool failed.', details });
    });

    it.each([
      ['malformed JSON', '{"function_name":'],
      ['a JSON string', '"echo"'],
    ])('answers %s with a JSON error, never HTML', async (_, body) => {
      const res = await app.request('POST', EXECUTE, body, { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });

  describe('runtime registration', () => {
    it('adds and removes tools while the app runs', async () => {
      const registry = app.app.get(FunctionRegistry);
      registry.register({ name: 'price_of', description: 'Price of a product.', run: (payload) => ({ sku: payload.sku, price: 9.5 }) });
      expect((await app.request('GET', LIST)).json.items).toContainEqual({
        name: 'price_of',
        description: 'Price of a product.',
        source: 'runtime',
        parameters: { type: 'object', properties: {}, additionalProperties: true },
      });
      expect((await execute({ function_name: 'price_of', payload: { sku: 'X' } })).json.result).toEqual({ sku: 'X', price: 9.5 });
      expect(registry.unregister('price_of')).toBe(true);
      expect((await execute({ function_name: 'price_of' })).status).toBe(404);
      expect((await app.request('GET', LIST)).json.items.map((item: { name: string }) => item.name)).not.toContain('price_of');
      expect(registry.unregister('price_of')).toBe(false);
    });

    it('refuses invalid and taken names', () => {
      const registry = app.app.get(FunctionRegistry);
      expect(() => registry.register({ name: 'Bad Name', run: () => 1 })).toThrow('Invalid tool name "Bad Name" (runtime)');
      expect(() => registry.register({ name: 'echo', source: 'mine', run: () => 1 })).toThrow(
        'A tool named "echo" is already registered; mine cannot take it.',
      );
    });
  });
});

describe('route settings', () => {
  it('follow configured paths and the global prefix', async () => {
    const app = await startApp(
      [NavaiModule.forRoot({ functionsBaseDir: fixtures, functionsListPath: '/tools', functionsExecutePath: '/tools/run' })],
      {},
      'api',
    );
    try {
      expect((await app.request('GET', '/api/tools')).json.items).toContainEqual(expect.objectContaining({ name: 'get_weather' }));
      expect((await app.request('POST', '/api/tools/run', { function_name: 'get_weather', payload: { value: 'Oslo' } })).json.result)
        .toEqual({ city: 'Oslo', sky: 'clear' });
      expect((await app.request('GET', `/api${LIST}`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('functionsRoutes: false leaves the routes out but still builds the registry', async () => {
    const app = await startApp([
      NavaiModule.forRootAsync({ useFactory: () => ({ functionsBaseDir: fixtures }), functionsRoutes: false }),
    ]);
    try {
      expect((await app.request('GET', LIST)).status).toBe(404);
      expect((await app.request('POST', EXECUTE, { function_name: 'get_weather' })).status).toBe(404);
      expect(app.app.get(FunctionRegistry).names()).toEqual(['lookup', 'get_weather']);
    } finally {
      await app.close();
    }
  });
});
