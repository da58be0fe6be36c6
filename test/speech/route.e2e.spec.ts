import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, type NavaiModuleRootOptions } from '../../lib/index.js';
import { countMp3Frames } from '../support/audio.js';
import { CANARY_ELEVENLABS_KEY, CANARY_KEY } from '../support/canary.js';
import { FAKE_MODELS, FAKE_VOICES, FakeElevenLabs } from '../support/fake-elevenlabs.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

const PATH = '/navai/speech/synthesize';
const [VOICE, OTHER_VOICE, THIRD_VOICE] = FAKE_VOICES;
let openai: FakeOpenAI;
let eleven: FakeElevenLabs;
let app: TestApp;

const speechOptions = (extra: NavaiModuleRootOptions = {}): NavaiModuleRootOptions => ({
  apiKey: CANARY_KEY,
  baseUrl: openai.baseUrl,
  ttsProvider: 'elevenlabs',
  elevenLabsApiKey: CANARY_ELEVENLABS_KEY,
  elevenLabsBaseUrl: eleven.baseUrl,
  elevenLabsVoiceId: VOICE,
  ...extra,
});

beforeAll(async () => {
  openai = await FakeOpenAI.start([CANARY_KEY]);
  eleven = await FakeElevenLabs.start([CANARY_ELEVENLABS_KEY]);
  app = await startApp([NavaiModule.forRoot(speechOptions({ allowedSpeechVoices: [VOICE, OTHER_VOICE], allowedSpeechModels: FAKE_MODELS.slice(0, 2) }))]);
});
afterAll(async () => {
  await app.close();
  await eleven.close();
  await openai.close();
});
afterEach(() => {
  eleven.behaviour = { kind: 'speak' };
  for (const key of [CANARY_KEY, CANARY_ELEVENLABS_KEY]) expect(app.logger.text).not.toContain(key);
});

/** Starts an app of its own for one test. */
async function withApp<T>(options: NavaiModuleRootOptions, run: (own: TestApp) => Promise<T>): Promise<T> {
  const own = await startApp([NavaiModule.forRoot(options)]);
  try {
    return await run(own);
  } finally {
    await own.close();
  }
}

describe('POST /navai/speech/synthesize', () => {
  it('answers the audio in base64, as the Navai web client reads it', async () => {
    const before = eleven.requests.length;
    const res = await app.request('POST', PATH, { text: 'Hello from the server.' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(res.json)).toEqual(['provider', 'mimeType', 'audioBase64']);
    expect(res.json).toMatchObject({ provider: 'elevenlabs', mimeType: 'audio/mpeg' });
    const audio = Buffer.from(res.json.audioBase64, 'base64');
    expect(audio.equals(eleven.sent.at(-1)!.audio)).toBe(true);
    expect(countMp3Frames(audio)).toBe(5);

    expect(eleven.requests.length).toBe(before + 1);
    const sent = eleven.last!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(`/v1/text-to-speech/${VOICE}?output_format=mp3_44100_128`);
    expect(sent.headers['xi-api-key']).toBe(CANARY_ELEVENLABS_KEY);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers.accept).toBe('audio/mpeg');
    expect(sent.body).toEqual({ text: 'Hello from the server.' });
  });

  it('sends the configured model, format, latency and voice settings', async () => {
    const options = speechOptions({
      elevenLabsModelId: 'eleven_flash_v2_5',
      elevenLabsOutputFormat: 'pcm_24000',
      elevenLabsOptimizeStreamingLatency: 3,
      elevenLabsVoiceSettings: { stability: 0.4, similarityBoost: 0.8, style: 0, useSpeakerBoost: false },
    });
    const res = await withApp(options, (own) => own.request('POST', PATH, { text: '  Trimmed.  ' }));
    expect(res.status, res.text).toBe(200);
    expect(res.json.mimeType).toBe('audio/pcm');
    expect(eleven.last!.query).toEqual({ output_format: 'pcm_24000', optimize_streaming_latency: '3' });
    expect(eleven.last!.headers.accept).toBe('audio/pcm');
    expect(eleven.last!.body).toEqual({
      text: 'Trimmed.',
      model_id: 'eleven_flash_v2_5',
      voice_settings: { stability: 0.4, similarity_boost: 0.8, style: 0, use_speaker_boost: false },
    });
  });

  it('takes what the request chooses: an allowed voice and model, the format, latency and voice settings', async () => {
    const res = await app.request('POST', PATH, {
      text: 'Choices.',
      voiceId: OTHER_VOICE,
      modelId: FAKE_MODELS[1],
      outputFormat: 'wav_16000',
      optimizeStreamingLatency: 0,
      voiceSettings: { similarityBoost: 1, useSpeakerBoost: true },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.mimeType).toBe('audio/wav');
    expect(Buffer.from(res.json.audioBase64, 'base64').subarray(0, 4).toString()).toBe('RIFF');
    expect(eleven.last!.url).toBe(`/v1/text-to-speech/${OTHER_VOICE}?output_format=wav_16000&optimize_streaming_latency=0`);
    expect(eleven.last!.body).toEqual({ text: 'Choices.', model_id: FAKE_MODELS[1], voice_settings: { similarity_boost: 1, use_speaker_boost: true } });
  });

  it('the request\'s voice settings replace the configured ones as a whole; empty ones keep them', async () => {
    const options = speechOptions({ elevenLabsVoiceSettings: { stability: 0.3, style: 0.2 } });
    await withApp(options, async (own) => {
      await own.request('POST', PATH, { text: 'Mine.', voiceSettings: { useSpeakerBoost: true } });
      expect(eleven.last!.body).toEqual({ text: 'Mine.', voice_settings: { use_speaker_boost: true } });
      await own.request('POST', PATH, { text: 'Yours.', voiceSettings: {} });
      expect(eleven.last!.body).toEqual({ text: 'Yours.', voice_settings: { stability: 0.3, style: 0.2 } });
    });
  });

  it('drops fields it does not know, at every level', async () => {
    const res = await app.request('POST', PATH, { text: 'Only this.', apiKey: 'sk-x', voice_id: THIRD_VOICE, voiceSettings: { speed: 2 } });
    expect(res.status, res.text).toBe(200);
    expect(eleven.last!.url).toBe(`/v1/text-to-speech/${VOICE}?output_format=mp3_44100_128`);
    expect(eleven.last!.body).toEqual({ text: 'Only this.' });
  });

  it('escapes the voice id in the path', async () => {
    const options = speechOptions({ allowedSpeechVoices: [VOICE, '../../v1/voices?x'] });
    const res = await withApp(options, (own) => own.request('POST', PATH, { text: 'Hi.', voiceId: '../../v1/voices?x' }));
    expect(eleven.last!.url).toBe('/v1/text-to-speech/..%2F..%2Fv1%2Fvoices%3Fx?output_format=mp3_44100_128');
    expect(res.status).toBe(502);
    expect(res.json.message).toBe('ElevenLabs refused the speech request: A voice with the voice_id ../../v1/voices?x was not found.');
  });
});

describe('what the route refuses, before any call to ElevenLabs', () => {
  const badRequest = (message: string | string[]) => ({ statusCode: 400, message, error: 'Bad Request' });

  it.each([
    ['no text', {}, expect.arrayContaining(['text is required.'])],
    ['a body that is not an object', [], expect.arrayContaining(['text is required.'])],
    ['blank text', { text: ' \n\t ' }, 'text is required.'],
    ['text that is not a string', { text: 42 }, ['text must be a string']],
    ['text as an object', { text: { nested: { deeper: 1 } } }, ['text must be a string']],
    ['a voice not on the allow-list', { text: 'x', voiceId: THIRD_VOICE }, `voiceId "${THIRD_VOICE}" is not allowed. Allowed: ${VOICE}, ${OTHER_VOICE}.`],
    ['a model not on the allow-list', { text: 'x', modelId: 'eleven_v3' }, `modelId "eleven_v3" is not allowed. Allowed: ${FAKE_MODELS[0]}, ${FAKE_MODELS[1]}.`],
    ['an unknown output format', { text: 'x', outputFormat: 'flac_44100' }, 'Invalid outputFormat: "flac_44100". Expected an ElevenLabs output format such as mp3_44100_128.'],
    ['a latency above 4', { text: 'x', optimizeStreamingLatency: 5 }, ['optimizeStreamingLatency must not be greater than 4']],
    ['a fractional latency', { text: 'x', optimizeStreamingLatency: 1.5 }, ['optimizeStreamingLatency must be an integer number']],
    ['a latency as a string', { text: 'x', optimizeStreamingLatency: '2' }, ['optimizeStreamingLatency must not be greater than 4', 'optimizeStreamingLatency must not be less than 0', 'optimizeStreamingLatency must be an integer number']],
    ['a stability above 1', { text: 'x', voiceSettings: { stability: 1.5 } }, ['voiceSettings.stability must not be greater than 1']],
    ['a negative style', { text: 'x', voiceSettings: { style: -0.1 } }, ['voiceSettings.style must not be less than 0']],
    ['speaker boost as a string', { text: 'x', voiceSettings: { useSpeakerBoost: 'yes' } }, ['voiceSettings.useSpeakerBoost must be a boolean value']],
    ['voice settings as an array', { text: 'x', voiceSettings: [0.5] }, ['voiceSettings must be an object']],
    ['a voice id as a number', { text: 'x', voiceId: 7 }, ['voiceId must be shorter than or equal to 128 characters', 'voiceId must be a string']],
  ])('%s → 400', async (_, body, message) => {
    const before = eleven.requests.length;
    const res = await app.request('POST', PATH, body);
    expect(res.status, res.text).toBe(400);
    expect(res.json).toEqual(badRequest(message as string));
    expect(eleven.requests.length).toBe(before);
  });

  it('text over the limit → 400; at the limit → 200 (counted in characters, not UTF-16 units)', async () => {
    await withApp(speechOptions({ maxSpeechTextLength: 10 }), async (own) => {
      const over = await own.request('POST', PATH, { text: 'x'.repeat(11) });
      expect(over.status).toBe(400);
      expect(over.json).toEqual(badRequest('text is longer than 10 characters.'));
      const at = await own.request('POST', PATH, { text: `  ${'🎙'.repeat(10)}  ` });
      expect(at.status, at.text).toBe(200);
      expect(eleven.last!.body).toEqual({ text: '🎙'.repeat(10) });
    });
  });

  it('defaults to a 5 000-character limit', async () => {
    const over = await app.request('POST', PATH, { text: 'y'.repeat(5_001) });
    expect(over.status).toBe(400);
    expect(over.json.message).toBe('text is longer than 5000 characters.');
  });

  it('without an allow-list, only the configured voice and model', async () => {
    await withApp(speechOptions({ elevenLabsModelId: FAKE_MODELS[0] }), async (own) => {
      const voice = await own.request('POST', PATH, { text: 'x', voiceId: OTHER_VOICE });
      expect(voice.status).toBe(400);
      expect(voice.json.message).toBe(`voiceId "${OTHER_VOICE}" is not allowed: this server speaks with its configured voiceId only.`);
      const model = await own.request('POST', PATH, { text: 'x', modelId: FAKE_MODELS[1] });
      expect(model.status).toBe(400);
      expect(model.json.message).toBe(`modelId "${FAKE_MODELS[1]}" is not allowed: this server speaks with its configured modelId only.`);
      const same = await own.request('POST', PATH, { text: 'x', voiceId: VOICE, modelId: FAKE_MODELS[0] });
      expect(same.status, same.text).toBe(200);
    });
  });

  it('in openai mode: 404 with a clear message, whatever the body', async () => {
    await withApp({ apiKey: CANARY_KEY, baseUrl: openai.baseUrl }, async (own) => {
      const before = eleven.requests.length;
      for (const body of [{ text: 'Hello' }, {}, { text: 7, voiceId: [] }]) {
        const res = await own.request('POST', PATH, body);
        expect(res.status).toBe(404);
        expect(res.json).toEqual({
          statusCode: 404,
          message: 'Speech synthesis is off: the Realtime model speaks itself. Set NAVAI_TTS_PROVIDER=elevenlabs to turn it on.',
          error: 'Not Found',
        });
      }
      expect(eleven.requests.length).toBe(before);
    });
  });

  it('takes guards on the speech route only (speechGuards), after the module-wide ones', async () => {
    class NeedsToken implements CanActivate {
      canActivate(context: ExecutionContext) {
        return context.switchToHttp().getRequest().headers['x-speech-token'] === 'letmein';
      }
    }
    const own = await startApp([NavaiModule.forRoot({ ...speechOptions(), speechGuards: [NeedsToken] })]);
    try {
      const before = eleven.requests.length;
      const refused = await own.request('POST', PATH, { text: 'Guarded.' });
      expect(refused.status).toBe(403);
      expect(eleven.requests.length).toBe(before);
      expect((await own.request('POST', PATH, { text: 'Guarded.' }, { 'x-speech-token': 'letmein' })).status).toBe(200);
      expect((await own.request('POST', '/navai/realtime/client-secret', {})).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('works with forRootAsync', async () => {
    const own = await startApp([NavaiModule.forRootAsync({ useFactory: async () => speechOptions({ elevenLabsVoiceId: OTHER_VOICE }) })]);
    try {
      expect((await own.request('POST', PATH, { text: 'Async.' })).status).toBe(200);
      expect(eleven.last!.path).toBe(`/v1/text-to-speech/${OTHER_VOICE}`);
    } finally {
      await own.close();
    }
  });

  it('mounts at speechSynthesizePath', async () => {
    const own = await startApp([NavaiModule.forRoot({ ...speechOptions(), speechSynthesizePath: '/voice/tts' })]);
    try {
      expect((await own.request('POST', '/voice/tts', { text: 'Moved.' })).status).toBe(200);
      expect((await own.request('POST', PATH, { text: 'Moved.' })).status).toBe(404);
    } finally {
      await own.close();
    }
  });
});

describe('hostile bodies', () => {
  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it('deep nesting: dropped where unknown, a 400 where a field is expected', async () => {
    expect((await app.request('POST', PATH, `{"text":"ok","x":${deep(5_000)}}`)).status).toBe(200);
    const inText = await app.request('POST', PATH, `{"text":${deep(5_000)}}`);
    expect(inText.status).toBe(400);
    expect(inText.json.message).toContain('text must be a string');
    const inSettings = await app.request('POST', PATH, `{"text":"x","voiceSettings":{"stability":${deep(5_000)}}}`);
    expect(inSettings.status).toBe(400);
    expect(inSettings.json.message).toContain('voiceSettings.stability must not be greater than 1');
  });

  it('prototype keys never reach ElevenLabs nor Object.prototype', async () => {
    const before = eleven.requests.length;
    const res = await app.request('POST', PATH, '{"text":"x","__proto__":{"polluted":1},"voiceSettings":{"__proto__":{"style":0.9},"constructor":{"prototype":{"polluted":1}}}}');
    // Fastify's parser refuses such keys itself; on Express they are dropped as unknown fields.
    expect(res.status).toBe(app.platform === 'fastify' ? 400 : 200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(eleven.requests.slice(before).map((request) => request.body)).toEqual(app.platform === 'fastify' ? [] : [{ text: 'x' }]);
  });

  it('a body over bodyLimit → 413 before ElevenLabs is called', async () => {
    const before = eleven.requests.length;
    const res = await app.request('POST', PATH, { text: 'x'.repeat(200 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(eleven.requests.length).toBe(before);
  });
});

describe('the client-secret answer and session in each mode', () => {
  const MINT = '/navai/realtime/client-secret';

  it('elevenlabs: speech.provider "elevenlabs", a text-only session without an output voice', async () => {
    const res = await app.request('POST', MINT, { voice: 'cedar' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ value: expect.stringMatching(/^ek_/), expires_at: expect.any(Number), speech: { provider: 'elevenlabs' } });
    expect(openai.lastBody.session).toEqual({
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'You are a helpful assistant.',
      output_modalities: ['text'],
    });
  });

  it('elevenlabs: configured audio input settings stay, the output voice goes', async () => {
    const session = { audio: { input: { noise_reduction: { type: 'near_field' as const } }, output: { speed: 1.2 } } };
    await withApp(speechOptions({ session }), async (own) => {
      expect((await own.request('POST', MINT, {})).status).toBe(200);
      expect(openai.lastBody.session.output_modalities).toEqual(['text']);
      expect(openai.lastBody.session.audio).toEqual({ input: { noise_reduction: { type: 'near_field' } }, output: { speed: 1.2 } });
    });
  });

  it('openai: speech.provider "openai", the voice in the session', async () => {
    await withApp({ apiKey: CANARY_KEY, baseUrl: openai.baseUrl }, async (own) => {
      const res = await own.request('POST', MINT, { voice: 'cedar' });
      expect(res.json.speech).toEqual({ provider: 'openai' });
      expect(openai.lastBody.session.audio).toEqual({ output: { voice: 'cedar' } });
      expect(openai.lastBody.session.output_modalities).toBeUndefined();
    });
  });
});
