import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { postChunked, startApp, type TestApp } from '../support/test-app.js';

/** The body limit counts the bytes received, also for a chunked body that parses to almost nothing. */
const LIMIT = 10_000;
const EXECUTE = '/navai/functions/execute';
const MINT = '/navai/realtime/client-secret';
const padded = (json: string) => ' '.repeat(90_000) + json;

let fake: FakeOpenAI;
let app: TestApp;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY]);
  app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, bodyLimit: LIMIT, functionsFolders: 'test/fixtures/none' })]);
});
afterAll(async () => {
  await app.close();
  await fake.close();
});

const TOO_LARGE = `The request body is larger than ${LIMIT} bytes.`;

describe('a chunked body of 90 KB of whitespace, with bodyLimit 10000', () => {
  it('is refused on the execute route: 413 in its envelope', async () => {
    const res = await postChunked(app.url, EXECUTE, padded('{"function_name":"nothing_here"}'), 4096);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ ok: false, code: 'PAYLOAD_TOO_LARGE', error: TOO_LARGE, details: TOO_LARGE });
  });

  it('is refused on the client-secret route: 413, and OpenAI is not called', async () => {
    const before = fake.requests.length;
    const res = await postChunked(app.url, MINT, padded('{}'), 4096);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ statusCode: 413, message: TOO_LARGE, error: 'Payload Too Large' });
    expect(fake.requests.length).toBe(before);
  });

  it('as with a Content-Length', async () => {
    const res = await app.request('POST', EXECUTE, padded('{"function_name":"nothing_here"}'));
    expect(res.status).toBe(413);
  });

  it('while a small chunked body passes, on a connection that carried a large one', async () => {
    const res = await postChunked(app.url, EXECUTE, '{"function_name":"nothing_here"}', 8);
    expect(res.status).toBe(404);
    expect((await postChunked(app.url, MINT, `${' '.repeat(9_000)}{}`, 512)).status).toBe(200);
  });
});
