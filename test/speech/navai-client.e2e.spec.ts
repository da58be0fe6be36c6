import { createNavaiBackendClient } from '@navai/voice-frontend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule } from '../../lib/index.js';
import { countMp3Frames } from '../support/audio.js';
import { CANARY_ELEVENLABS_KEY, CANARY_KEY } from '../support/canary.js';
import { FAKE_VOICES, FakeElevenLabs } from '../support/fake-elevenlabs.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

describe('the published Navai web client (@navai/voice-frontend 0.1.7) in speech mode', () => {
  let openai: FakeOpenAI;
  let eleven: FakeElevenLabs;
  let app: TestApp;
  let client: ReturnType<typeof createNavaiBackendClient>;

  beforeAll(async () => {
    openai = await FakeOpenAI.start([CANARY_KEY]);
    eleven = await FakeElevenLabs.start([CANARY_ELEVENLABS_KEY]);
    app = await startApp([
      NavaiModule.forRoot({
        apiKey: CANARY_KEY,
        baseUrl: openai.baseUrl,
        ttsProvider: 'elevenlabs',
        elevenLabsApiKey: CANARY_ELEVENLABS_KEY,
        elevenLabsBaseUrl: eleven.baseUrl,
        elevenLabsVoiceId: FAKE_VOICES[0],
        functionsFolders: 'test/fixtures/none',
      }),
    ]);
    client = createNavaiBackendClient({ apiBaseUrl: app.url });
  });
  afterAll(async () => {
    await app.close();
    await eleven.close();
    await openai.close();
  });

  it('createClientSecret() reports the elevenlabs provider', async () => {
    const secret = await client.createClientSecret({ model: 'gpt-realtime-mini' });
    expect(secret).toEqual({ value: expect.stringMatching(/^ek_/), expires_at: expect.any(Number), speech: { provider: 'elevenlabs' } });
    expect(openai.lastBody.session.output_modalities).toEqual(['text']);
  });

  it('synthesizeSpeech() returns playable MP3, the bytes ElevenLabs made', async () => {
    const speech = await client.synthesizeSpeech({ text: 'The order ships tomorrow morning.' });
    expect(speech.provider).toBe('elevenlabs');
    expect(speech.mimeType).toBe('audio/mpeg');
    // What the web client does with it: atob() into bytes, then a Blob of mimeType.
    const binary = atob(speech.audioBase64);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    expect(countMp3Frames(bytes)).toBe(7);
    expect(Buffer.from(bytes).equals(eleven.sent.at(-1)!.audio)).toBe(true);
    const blob = new Blob([bytes], { type: speech.mimeType });
    expect(blob.size).toBe(bytes.length);
    expect(eleven.last!.body).toEqual({ text: 'The order ships tomorrow morning.' });
  });

  it('synthesizeSpeech() with its optional fields', async () => {
    const speech = await client.synthesizeSpeech({ text: 'Raw audio.', outputFormat: 'pcm_24000', optimizeStreamingLatency: 1 });
    expect(speech.mimeType).toBe('audio/pcm');
    expect(eleven.last!.query).toEqual({ output_format: 'pcm_24000', optimize_streaming_latency: '1' });
  });

  it('surfaces the module\'s errors as errors with their message', async () => {
    await expect(client.synthesizeSpeech({ text: '   ' })).rejects.toThrow('text is required.');
    await expect(client.synthesizeSpeech({ text: 'x', voiceId: FAKE_VOICES[1] })).rejects.toThrow('is not allowed');
    expect(app.logger.text).not.toContain(CANARY_ELEVENLABS_KEY);
  });
});

describe('the published Navai web client in openai mode', () => {
  it('createClientSecret() reports openai; synthesizeSpeech() fails with the clear message', async () => {
    const openai = await FakeOpenAI.start([CANARY_KEY]);
    const app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: openai.baseUrl, functionsFolders: 'test/fixtures/none' })]);
    try {
      const client = createNavaiBackendClient({ apiBaseUrl: app.url });
      expect((await client.createClientSecret()).speech).toEqual({ provider: 'openai' });
      await expect(client.synthesizeSpeech({ text: 'Hello' })).rejects.toThrow('Speech synthesis is off');
    } finally {
      await app.close();
      await openai.close();
    }
  });
});
