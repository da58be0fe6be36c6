import { Global, Injectable, Module, ServiceUnavailableException } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NavaiModule,
  SpeechService,
  type NavaiModuleRootOptions,
  type SpeechSynthesisRequest,
  type SpeechSynthesizer,
  type SynthesizedSpeech,
} from '../../lib/index.js';
import { CANARY_ELEVENLABS_KEY, CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

const PATH = '/navai/speech/synthesize';

/** A dependency of the app's synthesizer, from the app's own module. */
@Injectable()
class VoiceBank {
  readonly calls: SpeechSynthesisRequest[] = [];
  bytesFor(text: string): Uint8Array {
    return new TextEncoder().encode(`OggS:${text}`);
  }
}

@Global()
@Module({ providers: [VoiceBank], exports: [VoiceBank] })
class VoiceBankModule {}

@Injectable()
class BankSynthesizer implements SpeechSynthesizer {
  readonly name = 'VoiceBank';
  constructor(private readonly bank: VoiceBank) {}
  async synthesize(request: SpeechSynthesisRequest): Promise<SynthesizedSpeech> {
    this.bank.calls.push(request);
    return { mimeType: 'audio/ogg', audio: this.bank.bytesFor(request.text) };
  }
}

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(options: NavaiModuleRootOptions) {
  app = await startApp([VoiceBankModule, NavaiModule.forRoot({ ttsProvider: 'elevenlabs', functionsFolders: 'test/fixtures/none', ...options })]);
  return app;
}

describe('an app\'s own synthesizer (speechSynthesizer)', () => {
  it('a class, built with dependency injection, gets the checked request with the defaults', async () => {
    const own = await start({ speechSynthesizer: BankSynthesizer, allowedSpeechVoices: ['nova'] });
    const res = await own.request('POST', PATH, { text: '  Hola  ', voiceId: 'nova', optimizeStreamingLatency: 1 });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ provider: 'elevenlabs', mimeType: 'audio/ogg', audioBase64: Buffer.from('OggS:Hola').toString('base64') });
    const bank = own.app.get(VoiceBank);
    expect(bank.calls).toEqual([{ text: 'Hola', voiceId: 'nova', outputFormat: 'mp3_44100_128', optimizeStreamingLatency: 1 }]);
  });

  it('the client-secret answer says "elevenlabs", the value the Navai web client reads as server speech', async () => {
    const openai = await FakeOpenAI.start([CANARY_KEY]);
    try {
      const own = await start({ speechSynthesizer: BankSynthesizer, apiKey: CANARY_KEY, baseUrl: openai.baseUrl });
      const res = await own.request('POST', '/navai/realtime/client-secret', {});
      expect(res.status, res.text).toBe(200);
      expect(res.json.speech).toEqual({ provider: 'elevenlabs' });
      expect(openai.lastBody.session.output_modalities).toEqual(['text']);
    } finally {
      await openai.close();
    }
  });

  it('an instance whose audio is a stream: streamed to Accept: audio/*, read whole for JSON', async () => {
    const synthesizer: SpeechSynthesizer = {
      name: 'Chunks',
      async synthesize(request) {
        async function* audio() {
          for (const word of request.text.split(' ')) yield new TextEncoder().encode(`${word};`);
        }
        return { mimeType: 'audio/x-words', audio: audio() };
      },
    };
    const own = await start({ speechSynthesizer: synthesizer });
    const streamed = await own.request('POST', PATH, { text: 'one two three' }, { accept: 'audio/*' });
    expect(streamed.headers.get('content-type')).toBe('audio/x-words');
    expect(streamed.text).toBe('one;two;three;');
    const json = await own.request('POST', PATH, { text: 'one two three' });
    expect(Buffer.from(json.json.audioBase64, 'base64').toString()).toBe('one;two;three;');
  });

  it('its HttpException is the answer', async () => {
    const synthesizer: SpeechSynthesizer = {
      synthesize: async () => {
        throw new ServiceUnavailableException('The voice bank is closed for maintenance.');
      },
    };
    const own = await start({ speechSynthesizer: synthesizer });
    const res = await own.request('POST', PATH, { text: 'x' });
    expect(res.status).toBe(503);
    expect(res.json.message).toBe('The voice bank is closed for maintenance.');
  });

  it('anything else it throws is a 502 naming it; the details, key redacted, only in the log', async () => {
    const synthesizer: SpeechSynthesizer = {
      name: 'Flaky TTS',
      synthesize: async () => {
        throw new Error(`connect failed with key ${CANARY_ELEVENLABS_KEY}`);
      },
    };
    const own = await start({ speechSynthesizer: synthesizer, elevenLabsApiKey: CANARY_ELEVENLABS_KEY });
    const res = await own.request('POST', PATH, { text: 'x' });
    expect(res.status).toBe(502);
    expect(res.json).toEqual({ statusCode: 502, message: 'Flaky TTS could not synthesize the speech.', error: 'Bad Gateway' });
    expect(own.logger.text).toContain('Flaky TTS text-to-speech failed: Error: connect failed with key [redacted]');
    expect(res.text + own.logger.text).not.toContain(CANARY_ELEVENLABS_KEY);
  });

  it('one that throws before returning a promise: 502, as if it had rejected', async () => {
    const synthesizer: SpeechSynthesizer = {
      name: 'Sync TTS',
      synthesize: () => {
        throw new TypeError('not configured');
      },
    };
    const own = await start({ speechSynthesizer: synthesizer });
    const res = await own.request('POST', PATH, { text: 'x' });
    expect(res.status).toBe(502);
    expect(res.json.message).toBe('Sync TTS could not synthesize the speech.');
    expect(own.logger.text).toContain('Sync TTS text-to-speech failed: TypeError: not configured');
  });

  it('one that ignores its signal and never answers: 504 after upstreamTimeoutMs, and the signal aborted', async () => {
    let signal: AbortSignal | undefined;
    const synthesizer: SpeechSynthesizer = {
      synthesize: (_, given) => {
        signal = given;
        return new Promise(() => undefined);
      },
    };
    const own = await start({ speechSynthesizer: synthesizer, upstreamTimeoutMs: 200 });
    const res = await own.request('POST', PATH, { text: 'x' });
    expect(res.status).toBe(504);
    expect(res.json.message).toBe('The speech service did not answer within 200 ms.');
    expect(signal?.aborted).toBe(true);
  });

  it('audio that is not bytes: 502, nothing sent as audio', async () => {
    const synthesizer: SpeechSynthesizer = {
      async synthesize() {
        async function* audio() {
          yield 'not bytes' as unknown as Uint8Array;
        }
        return { mimeType: 'audio/mpeg', audio: audio() };
      },
    };
    const own = await start({ speechSynthesizer: synthesizer });
    for (const accept of ['application/json', 'audio/*']) {
      const res = await own.request('POST', PATH, { text: 'x' }, { accept });
      expect(res.status).toBe(502);
      expect(res.json.message).toBe('The speech service stopped sending the audio before its end.');
    }
  });

  it('SpeechService is exported for the app to synthesize itself', async () => {
    const own = await start({ speechSynthesizer: BankSynthesizer });
    const answer = await own.app.get(SpeechService).synthesize({ text: 'direct' });
    expect(Buffer.from(answer.audioBase64, 'base64').toString()).toBe('OggS:direct');
  });
});
