import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { CANARY_KEY, CANARY_REQUEST_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp } from '../support/test-app.js';

const PATH = '/navai/realtime/client-secret';
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.start([CANARY_KEY, CANARY_REQUEST_KEY]);
});
afterAll(() => fake.close());

const REFUSED = 'This server does not accept apiKey in the request (NAVAI_ALLOW_FRONTEND_API_KEY is not true).';
const MISSING = 'No OpenAI API key: set OPENAI_API_KEY on the server.';
const MISSING_OR_SEND = 'No OpenAI API key: set OPENAI_API_KEY on the server or send apiKey in the request.';

// server key set? | allow flag | request key sent | key OpenAI receives
const minted: Array<[boolean, boolean | undefined, string | undefined, string]> = [
  [true, undefined, undefined, CANARY_KEY],
  [true, false, undefined, CANARY_KEY],
  [true, true, undefined, CANARY_KEY],
  [true, true, CANARY_REQUEST_KEY, CANARY_KEY],
  [true, undefined, '   ', CANARY_KEY],
  [false, undefined, CANARY_REQUEST_KEY, CANARY_REQUEST_KEY],
  [false, true, CANARY_REQUEST_KEY, CANARY_REQUEST_KEY],
];

// server key set? | allow flag | request key sent | status | message
const refused: Array<[boolean, boolean | undefined, string | undefined, number, string]> = [
  [true, undefined, CANARY_REQUEST_KEY, 403, REFUSED],
  [true, false, CANARY_REQUEST_KEY, 403, REFUSED],
  [false, false, CANARY_REQUEST_KEY, 403, REFUSED],
  [false, undefined, undefined, 503, MISSING_OR_SEND],
  [false, undefined, '   ', 503, MISSING_OR_SEND],
  [false, true, undefined, 503, MISSING_OR_SEND],
  [false, false, undefined, 503, MISSING],
];

async function mintWith(source: 'option' | 'env', serverKey: boolean, allow: boolean | undefined, requestKey?: string) {
  const options: Record<string, unknown> = { baseUrl: fake.baseUrl };
  if (serverKey) options.apiKey = CANARY_KEY;
  if (allow !== undefined && source === 'option') options.allowFrontendApiKey = allow;
  if (allow !== undefined && source === 'env') process.env.NAVAI_ALLOW_FRONTEND_API_KEY = String(allow).toUpperCase();
  const app = await startApp([NavaiModule.forRoot(options)]);
  try {
    const res = await app.request('POST', PATH, requestKey === undefined ? {} : { apiKey: requestKey });
    for (const key of [CANARY_KEY, CANARY_REQUEST_KEY]) {
      expect(res.text).not.toContain(key);
      expect(app.logger.text).not.toContain(key);
    }
    return res;
  } finally {
    await app.close();
    delete process.env.NAVAI_ALLOW_FRONTEND_API_KEY;
  }
}

describe.each(['option', 'env'] as const)('API-key policy, allow flag from %s', (source) => {
  it.each(minted)('server key %s, allow %s, request key %j → mints with %s', async (serverKey, allow, requestKey, used) => {
    const res = await mintWith(source, serverKey, allow, requestKey);
    expect(res.status).toBe(200);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${used}`);
  });

  it.each(refused)('server key %s, allow %s, request key %j → %i', async (serverKey, allow, requestKey, status, message) => {
    const before = fake.requests.length;
    const res = await mintWith(source, serverKey, allow, requestKey);
    expect(res.status).toBe(status);
    expect(res.json.message).toBe(message);
    expect(fake.requests.length).toBe(before);
  });
});

it('starts without any key and answers the clear missing-key error', async () => {
  const app = await startApp([NavaiModule.forRoot({ baseUrl: fake.baseUrl })]);
  const res = await app.request('POST', PATH, {});
  await app.close();
  expect(res.status).toBe(503);
  expect(res.json).toEqual({
    statusCode: 503,
    message: 'No OpenAI API key: set OPENAI_API_KEY on the server or send apiKey in the request.',
    error: 'Service Unavailable',
  });
});
