import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Ajv as AjvInstance } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, NavaiTool, NavaiToolError } from '../../lib/index.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { type HttpResult, startApp, type TestApp } from '../support/test-app.js';

const KEY = 'sk-openapi-test';
const fixtures = fileURLToPath(new URL('../fixtures/routes', import.meta.url));
const ajv = new (createRequire(import.meta.url)('ajv') as new (options: object) => AjvInstance)({ strict: false, allErrors: true });

type Operation = {
  tags?: string[];
  summary?: string;
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }>; headers?: Record<string, unknown> }>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

@Injectable()
class Tools {
  @NavaiTool({ parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } })
  shout(payload: { text: string }) {
    return payload.text.toUpperCase();
  }

  @NavaiTool({ hints: { readOnly: true, idempotent: true } })
  peek() {
    return 'seen';
  }

  @NavaiTool()
  locked() {
    throw new NavaiToolError('Order 42 is locked.', { status: 409 });
  }

  @NavaiTool()
  refuse() {
    throw new NavaiToolError('No order 42 exists.');
  }

  @NavaiTool()
  crash() {
    throw new Error('boom');
  }

  @NavaiTool({ timeoutMs: 20 })
  async slow() {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

@Module({ providers: [Tools] })
class ToolsModule {}

/** Refuses the list to callers that send `x-deny`. */
@Injectable()
class DenyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return !context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-deny'];
  }
}

function documentOf(app: TestApp): Document {
  return SwaggerModule.createDocument(app.app, new DocumentBuilder().setTitle('app').setVersion('1').build()) as unknown as Document;
}

/** The real answer is one the document describes: its status (or status class) is listed and its body fits the schema. */
function expectDescribed(document: Document, path: string, method: string, res: HttpResult): void {
  const responses = document.paths[path][method].responses;
  const answer = responses[String(res.status)] ?? responses[`${String(res.status)[0]}XX`];
  expect(answer, `${method.toUpperCase()} ${path} ${res.status} is in the document (${res.text.slice(0, 200)})`).toBeDefined();
  // An answer documented without a body has none.
  const schema = answer.content?.['application/json']?.schema;
  const validate = schema ? ajv.compile(schema) : (value: unknown) => value === '';
  expect(validate(schema ? res.json : res.text), `${method.toUpperCase()} ${path} ${res.status}: ${ajv.errorsText((validate as { errors?: [] }).errors)} in ${res.text.slice(0, 300)}`).toBe(true);
}

function expectBodyFits(document: Document, path: string, method: string, body: unknown): void {
  const validate = ajv.compile(document.paths[path][method].requestBody!.content['application/json'].schema);
  expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
}

describe('with @nestjs/swagger installed', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let document: Document;
  beforeAll(async () => {
    fake = await FakeOpenAI.start([KEY]);
    app = await startApp(
      [NavaiModule.forRoot({ apiKey: KEY, baseUrl: fake.baseUrl, functionsBaseDir: fixtures, upstreamTimeoutMs: 1500, bodyLimit: 2048 }), ToolsModule],
    );
    document = documentOf(app);
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it("puts the module's routes in the app's document, under one tag", () => {
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation.tags, operation.summary]),
    );
    expect(routes.filter(([, tags]) => tags?.includes('Navai'))).toEqual([
      ['POST /navai/realtime/client-secret', ['Navai'], 'Mint a short-lived OpenAI Realtime client secret'],
      ['POST /navai/speech/synthesize', ['Navai'], 'Turn text into speech (speech mode)'],
      ['GET /navai/functions', ['Navai'], 'List the backend tools the caller may use'],
      ['POST /navai/functions/execute', ['Navai'], 'Run one backend tool'],
    ]);
    // The calls and webhook routes are in the document, not described yet.
    expect(routes.map(([route]) => route)).toEqual(expect.arrayContaining(['POST /navai/realtime/calls', 'POST /navai/realtime/webhook']));
  });

  it('describes the bodies and every answer, errors included', () => {
    const statuses = (path: string, method: string) => Object.keys(document.paths[path][method].responses);
    expect(statuses('/navai/realtime/client-secret', 'post')).toEqual(['200', '400', '403', '413', '415', '429', '502', '503', '504']);
    expect(statuses('/navai/functions', 'get')).toEqual(['200', '304', '403']);
    expect(statuses('/navai/functions/execute', 'post')).toEqual(['200', '400', '403', '404', '413', '422', '500', '504', '4XX']);
    const clientSecret = document.paths['/navai/realtime/client-secret'].post;
    expect(clientSecret.requestBody?.required).toBe(false);
    expect(Object.keys((clientSecret.requestBody!.content['application/json'].schema as { properties: object }).properties)).toEqual([
      'model', 'voice', 'instructions', 'language', 'voiceAccent', 'voiceTone', 'apiKey',
    ]);
    expect(clientSecret.responses['429'].headers).toHaveProperty('Retry-After');
    expect(document.paths['/navai/functions/execute'].post.requestBody?.required).toBe(true);
  });

  it("matches the client-secret route's real answers", async () => {
    const path = '/navai/realtime/client-secret';
    const post = (body: unknown) => app.request('POST', path, body);
    const answers: HttpResult[] = [];
    const body = { voice: 'cedar', instructions: 'Be brief.' };
    expectBodyFits(document, path, 'post', body);
    answers.push(await post(body));
    answers.push(await post({ voice: 42 }));
    answers.push(await post({ model: 'not a model' }));
    answers.push(await post({ apiKey: 'sk-from-browser' }));
    answers.push(await post({ instructions: 'x'.repeat(4096) }));
    for (const behaviour of [
      { kind: 'reply' as const, status: 429, body: { error: { message: 'Slow down.' } }, headers: { 'retry-after': '7' } },
      { kind: 'reply' as const, status: 500, body: { error: { message: 'Oops.' } } },
      { kind: 'hang' as const },
    ]) {
      fake.behaviour = behaviour;
      answers.push(await post({}));
    }
    fake.behaviour = { kind: 'mint' };
    const keyless = await startApp([NavaiModule.forRoot({ apiKey: '', allowFrontendApiKey: false, baseUrl: fake.baseUrl })]);
    try {
      answers.push(await keyless.request('POST', path, {}));
    } finally {
      await keyless.close();
    }
    expect(answers.map((res) => res.status)).toEqual([200, 400, 400, 403, 413, 429, 502, 504, 503]);
    for (const res of answers) expectDescribed(document, path, 'post', res);
  });

  it("matches the function routes' real answers", async () => {
    const list = await app.request('GET', '/navai/functions');
    const cached = await app.request('GET', '/navai/functions', undefined, { 'if-none-match': list.headers.get('etag')! });
    for (const res of [list, cached]) expectDescribed(document, '/navai/functions', 'get', res);
    expect([list.status, cached.status]).toEqual([200, 304]);

    const execute = '/navai/functions/execute';
    const bodies: unknown[] = [
      { function_name: 'shout', payload: { text: 'hi' } },
      { function_name: 'get_weather', payload: { value: 'Oslo' } },
      {},
      { function_name: 'shout', payload: {} },
      { function_name: 'nope' },
      { function_name: 'shout', payload: { text: 'x'.repeat(4096) } },
      { function_name: 'refuse' },
      { function_name: 'locked' },
      { function_name: 'crash' },
      { function_name: 'slow' },
    ];
    const answers = await Promise.all(bodies.map((body) => app.request('POST', execute, body)));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 400, 400, 404, 413, 422, 409, 500, 504]);
    for (const res of answers) expectDescribed(document, execute, 'post', res);
    for (const body of [bodies[0], bodies[1], bodies[4]]) expectBodyFits(document, execute, 'post', body);
  });

  it('openApi: false leaves the routes undescribed', async () => {
    const plain = await startApp([NavaiModule.forRoot({ apiKey: KEY, openApi: false })]);
    try {
      const operations = Object.values(documentOf(plain).paths).flatMap((methods) => Object.values(methods));
      expect(operations).toHaveLength(6);
      for (const operation of operations) {
        expect(operation.summary).toBeUndefined();
        expect(operation.tags).not.toContain('Navai');
      }
    } finally {
      await plain.close();
    }
  });

  it("matches the list route's refusal by a guard, and follows configured paths and the global prefix", async () => {
    const guarded = await startApp(
      [NavaiModule.forRoot({ apiKey: KEY, functionsBaseDir: fixtures, functionsListPath: '/tools', guards: [DenyGuard] })],
      {},
      'api',
    );
    try {
      const own = documentOf(guarded);
      expect(Object.keys(own.paths)).toEqual(expect.arrayContaining(['/api/navai/realtime/client-secret', '/api/tools', '/api/navai/functions/execute']));
      const refused = await guarded.request('GET', '/api/tools', undefined, { 'x-deny': '1' });
      expect(refused.status).toBe(403);
      expectDescribed(own, '/api/tools', 'get', refused);
    } finally {
      await guarded.close();
    }
  });
});
