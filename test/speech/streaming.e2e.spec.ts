import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { countMp3Frames } from '../support/audio.js';
import { CANARY_ELEVENLABS_KEY } from '../support/canary.js';
import { FAKE_VOICES, FakeElevenLabs } from '../support/fake-elevenlabs.js';
import { startApp, type TestApp } from '../support/test-app.js';
import { watchProcess } from '../faults/fault-kit.js';

const PATH = '/navai/speech/synthesize';
const TIMEOUT_MS = 2_000;
let eleven: FakeElevenLabs;
let app: TestApp;
let watch: ReturnType<typeof watchProcess>;

beforeAll(async () => {
  watch = watchProcess();
  eleven = await FakeElevenLabs.start([CANARY_ELEVENLABS_KEY]);
  app = await startApp([
    NavaiModule.forRoot({
      ttsProvider: 'elevenlabs',
      elevenLabsApiKey: CANARY_ELEVENLABS_KEY,
      elevenLabsBaseUrl: eleven.baseUrl,
      elevenLabsVoiceId: FAKE_VOICES[0],
      upstreamTimeoutMs: TIMEOUT_MS,
      functionsFolders: 'test/fixtures/none',
    }),
  ]);
});
afterAll(async () => {
  await app.close();
  await eleven.close();
  watch.stop();
});
afterEach(() => {
  eleven.behaviour = { kind: 'speak' };
  expect(watch.failures).toEqual([]);
  expect(app.logger.text).not.toContain(CANARY_ELEVENLABS_KEY);
});

/** Posts to the speech route and hands back the answer as it starts, its body unread. */
function open(body: object, accept = 'audio/*'): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(PATH, app.url), { method: 'POST', headers: { 'content-type': 'application/json', accept } }, resolve);
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function readAll(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const until = async (check: () => boolean, ms = 5_000, every = 10) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, every));
  }
};

describe('Accept: audio/* streams the audio bytes', () => {
  it('answers the bytes ElevenLabs sent, with its content type', async () => {
    const res = await app.request('POST', PATH, { text: 'Stream me, please.' }, { accept: 'audio/*' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const res2 = await open({ text: 'Stream me, please.' });
    const audio = await readAll(res2);
    expect(createHash('sha256').update(audio).digest('hex')).toBe(eleven.sent.at(-1)!.sha256);
    expect(countMp3Frames(audio)).toBe(4);
  });

  it.each(['audio/*', 'audio/mpeg', 'audio/*, application/json;q=0.5', 'application/json;q=0.1, audio/wav'])(
    'Accept %j → the audio',
    async (accept) => {
      const res = await app.request('POST', PATH, { text: 'Which one?' }, { accept });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/mpeg');
    },
  );

  it.each(['*/*', 'application/json', 'application/json, audio/*', 'audio/*;q=0.5, application/json', 'audio/*;q=0', 'text/html'])(
    'Accept %j → JSON',
    async (accept) => {
      const res = await app.request('POST', PATH, { text: 'Which one?' }, { accept });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.json.provider).toBe('elevenlabs');
    },
  );

  it('reads from ElevenLabs only as fast as the client reads (backpressure)', async () => {
    const total = 32 * 1024 * 1024;
    eleven.behaviour = { kind: 'speak', totalBytes: total, chunkBytes: 64 * 1024 };
    const res = await open({ text: 'A very long answer.' });
    expect(res.headers['content-type']).toBe('audio/mpeg');
    res.pause();
    const sent = eleven.sent.at(-1)!;
    try {
      // Let every buffer on the way (sockets, undici, the response) fill up: the fake is then held back.
      let last = -1;
      let steadyPolls = 0;
      await until(() => {
        steadyPolls = sent.bytes === last ? steadyPolls + 1 : 0;
        last = sent.bytes;
        return steadyPolls >= 3;
      }, 10_000, 100);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sent.bytes).toBe(last);
      expect(sent.bytes).toBeLessThan(total / 2);
    } catch (error) {
      res.destroy();
      throw error;
    }
    res.resume();
    const audio = await readAll(res);
    expect(audio.length).toBe(sent.audio.length);
    expect(createHash('sha256').update(audio).digest('hex')).toBe(sent.sha256);
  });

  it('stops reading from ElevenLabs when the client goes away', async () => {
    eleven.behaviour = { kind: 'speak', totalBytes: 16 * 1024 * 1024, chunkBytes: 16 * 1024, chunkDelayMs: 2 };
    const res = await open({ text: 'Nobody listens to the end.' });
    const sent = eleven.sent.at(-1)!;
    await new Promise<void>((resolve) => res.once('data', () => resolve()));
    res.destroy();
    await sent.done;
    expect(sent.cutOff).toBe(true);
    expect(sent.bytes).toBeLessThan(16 * 1024 * 1024);
  });

  it('a failure before the first byte is still a JSON error', async () => {
    eleven.behaviour = { kind: 'reply', status: 503, body: { detail: { status: 'system_busy', message: 'Busy.' } } };
    const res = await app.request('POST', PATH, { text: 'x' }, { accept: 'audio/*' });
    expect(res.status).toBe(502);
    expect(res.json).toEqual({ statusCode: 502, message: 'ElevenLabs could not synthesize the speech (HTTP 503).', error: 'Bad Gateway' });
  });

  it('ElevenLabs breaking off mid-stream cuts the answer off (it never looks complete), logged once', async () => {
    eleven.behaviour = { kind: 'speak', totalBytes: 4 * 1024 * 1024, chunkBytes: 64 * 1024, resetAfterBytes: 256 * 1024 };
    const before = app.logger.lines.length;
    const res = await open({ text: 'Broken.' });
    expect(res.statusCode).toBe(200);
    await expect(readAll(res)).rejects.toThrow(/aborted/);
    await until(() => app.logger.lines.length > before);
    const logged = app.logger.lines.slice(before).filter((line) => line.startsWith('error'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^error ElevenLabs text-to-speech failed: /);
  });

  it('ElevenLabs going silent mid-stream cuts the answer off after upstreamTimeoutMs', async () => {
    eleven.behaviour = { kind: 'speak', totalBytes: 1024 * 1024, chunkBytes: 16 * 1024, stallAfterBytes: 64 * 1024 };
    const res = await open({ text: 'Silence.' });
    const started = Date.now();
    await expect(readAll(res)).rejects.toThrow(/aborted/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(app.logger.text).toContain(`ElevenLabs text-to-speech failed: no audio for ${TIMEOUT_MS} ms`);
  });
});

describe('the JSON answer when the audio breaks off', () => {
  it('a reset mid-body → 502', async () => {
    eleven.behaviour = { kind: 'speak', totalBytes: 1024 * 1024, chunkBytes: 16 * 1024, resetAfterBytes: 64 * 1024 };
    const res = await app.request('POST', PATH, { text: 'Broken.' });
    expect(res.status).toBe(502);
    expect(res.json).toEqual({ statusCode: 502, message: 'ElevenLabs stopped sending the audio before its end.', error: 'Bad Gateway' });
  });

  it('silence mid-body → 504 after upstreamTimeoutMs', async () => {
    eleven.behaviour = { kind: 'speak', totalBytes: 1024 * 1024, chunkBytes: 16 * 1024, stallAfterBytes: 64 * 1024 };
    const res = await app.request('POST', PATH, { text: 'Silence.' });
    expect(res.status).toBe(504);
    expect(res.json).toEqual({ statusCode: 504, message: `ElevenLabs did not answer within ${TIMEOUT_MS} ms.`, error: 'Gateway Timeout' });
  });

  it('a slow answer is fine as long as the audio keeps coming', async () => {
    eleven.behaviour = { kind: 'speak', totalBytes: 40 * 417, chunkBytes: 417, chunkDelayMs: 25 };
    const res = await app.request('POST', PATH, { text: 'Slowly but surely.' });
    expect(res.status, res.text).toBe(200);
    expect(countMp3Frames(Buffer.from(res.json.audioBase64, 'base64'))).toBe(40);
  });
});
