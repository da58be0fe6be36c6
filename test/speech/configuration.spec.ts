import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NAVAI_CONFIG, NavaiModule, type NavaiConfig, type NavaiModuleOptions } from '../../lib/index.js';
import { CapturingLogger } from '../support/test-app.js';

afterEach(() => vi.unstubAllEnvs());

const VOICE = '21m00Tcm4TlvDq8ikWAM';

async function speechConfig(options: NavaiModuleOptions = {}, imports: any[] = []): Promise<NavaiConfig['speech']> {
  const module = await Test.createTestingModule({ imports: [...imports, NavaiModule.forRoot(options)] })
    .setLogger(new CapturingLogger())
    .compile();
  try {
    return module.get<NavaiConfig>(NAVAI_CONFIG).speech;
  } finally {
    await module.close();
  }
}

const elevenLabsEnv = () => {
  vi.stubEnv('NAVAI_TTS_PROVIDER', 'elevenlabs');
  vi.stubEnv('ELEVENLABS_API_KEY', 'xi-env');
  vi.stubEnv('ELEVENLABS_VOICE_ID', VOICE);
};

describe('speech settings', () => {
  it('default: the Realtime model speaks, ElevenLabs defaults in place', async () => {
    expect(await speechConfig()).toEqual({
      provider: 'openai',
      baseUrl: 'https://api.elevenlabs.io',
      outputFormat: 'mp3_44100_128',
      maxTextLength: 5_000,
    });
  });

  it('reads every ElevenLabs variable from the environment', async () => {
    elevenLabsEnv();
    vi.stubEnv('NAVAI_TTS_PROVIDER', ' ElevenLabs ');
    vi.stubEnv('ELEVENLABS_BASE_URL', 'http://127.0.0.1:9/');
    vi.stubEnv('ELEVENLABS_MODEL_ID', 'eleven_flash_v2_5');
    vi.stubEnv('ELEVENLABS_OUTPUT_FORMAT', 'ulaw_8000');
    vi.stubEnv('ELEVENLABS_OPTIMIZE_STREAMING_LATENCY', '2');
    vi.stubEnv('ELEVENLABS_STABILITY', '0.5');
    vi.stubEnv('ELEVENLABS_SIMILARITY_BOOST', '.75');
    vi.stubEnv('ELEVENLABS_STYLE', '0');
    vi.stubEnv('ELEVENLABS_USE_SPEAKER_BOOST', 'yes');
    expect(await speechConfig()).toEqual({
      provider: 'elevenlabs',
      apiKey: 'xi-env',
      baseUrl: 'http://127.0.0.1:9',
      voiceId: VOICE,
      modelId: 'eleven_flash_v2_5',
      outputFormat: 'ulaw_8000',
      optimizeStreamingLatency: 2,
      voiceSettings: { stability: 0.5, similarityBoost: 0.75, style: 0, useSpeakerBoost: true },
      maxTextLength: 5_000,
    });
  });

  it('option over ConfigService over process.env, field by field', async () => {
    elevenLabsEnv();
    vi.stubEnv('ELEVENLABS_STABILITY', '0.1');
    vi.stubEnv('ELEVENLABS_STYLE', '0.2');
    vi.stubEnv('ELEVENLABS_MODEL_ID', 'from-env');
    const config = ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [() => ({ ELEVENLABS_MODEL_ID: 'from-config', ELEVENLABS_STYLE: 0.3, ELEVENLABS_USE_SPEAKER_BOOST: false })],
    });
    const speech = await speechConfig({ elevenLabsVoiceId: 'from-option', elevenLabsVoiceSettings: { stability: 0.9 } }, [config]);
    expect(speech).toMatchObject({
      voiceId: 'from-option',
      modelId: 'from-config',
      apiKey: 'xi-env',
      voiceSettings: { stability: 0.9, style: 0.3, useSpeakerBoost: false },
    });
  });

  it('blank variables count as unset, as in the Express package', async () => {
    for (const name of ['NAVAI_TTS_PROVIDER', 'ELEVENLABS_OUTPUT_FORMAT', 'ELEVENLABS_BASE_URL', 'ELEVENLABS_STABILITY', 'ELEVENLABS_USE_SPEAKER_BOOST']) {
      vi.stubEnv(name, '  ');
    }
    expect(await speechConfig()).toEqual({ provider: 'openai', baseUrl: 'https://api.elevenlabs.io', outputFormat: 'mp3_44100_128', maxTextLength: 5_000 });
  });

  it('a custom synthesizer needs neither an ElevenLabs key nor a voice', async () => {
    const synthesizer = { synthesize: async () => ({ mimeType: 'audio/ogg', audio: new Uint8Array(1) }) };
    expect(await speechConfig({ ttsProvider: 'elevenlabs', speechSynthesizer: synthesizer })).toMatchObject({ provider: 'elevenlabs', synthesizer });
  });
});

describe('invalid speech settings stop startup, naming the setting (where the Express package accepts them)', () => {
  it.each([
    ['NAVAI_TTS_PROVIDER', 'eleven-labs', 'Invalid NAVAI_TTS_PROVIDER: "eleven-labs". Expected "openai" or "elevenlabs".'],
    ['NAVAI_TTS_PROVIDER', 'polly', 'Invalid NAVAI_TTS_PROVIDER: "polly". Expected "openai" or "elevenlabs".'],
    ['ELEVENLABS_STABILITY', 'high', 'Invalid ELEVENLABS_STABILITY: "high". Expected a number from 0 to 1.'],
    ['ELEVENLABS_STABILITY', '1.5', 'Invalid ELEVENLABS_STABILITY: "1.5". Expected a number from 0 to 1.'],
    ['ELEVENLABS_SIMILARITY_BOOST', '0x1', 'Invalid ELEVENLABS_SIMILARITY_BOOST: "0x1". Expected a number from 0 to 1.'],
    ['ELEVENLABS_STYLE', '-0.5', 'Invalid ELEVENLABS_STYLE: "-0.5". Expected a number from 0 to 1.'],
    ['ELEVENLABS_STYLE', 'Infinity', 'Invalid ELEVENLABS_STYLE: "Infinity". Expected a number from 0 to 1.'],
    ['ELEVENLABS_USE_SPEAKER_BOOST', 'maybe', 'Invalid ELEVENLABS_USE_SPEAKER_BOOST: "maybe". Expected "true", "false", "1", "0", "yes" or "no".'],
    ['ELEVENLABS_OPTIMIZE_STREAMING_LATENCY', '2.5', 'Invalid ELEVENLABS_OPTIMIZE_STREAMING_LATENCY: "2.5". Expected an integer from 0 to 4.'],
    ['ELEVENLABS_OPTIMIZE_STREAMING_LATENCY', '7', 'Invalid ELEVENLABS_OPTIMIZE_STREAMING_LATENCY: "7". Expected an integer from 0 to 4.'],
    ['ELEVENLABS_OUTPUT_FORMAT', 'mp3', 'Invalid ELEVENLABS_OUTPUT_FORMAT: "mp3". Expected an ElevenLabs output format such as mp3_44100_128 or pcm_24000.'],
    ['ELEVENLABS_OUTPUT_FORMAT', 'MP3_44100_128', 'Invalid ELEVENLABS_OUTPUT_FORMAT: "MP3_44100_128".'],
    ['ELEVENLABS_BASE_URL', 'api.elevenlabs.io', 'Invalid ELEVENLABS_BASE_URL: "api.elevenlabs.io". Expected an http(s) URL without a query or fragment, such as https://api.elevenlabs.io.'],
  ])('%s=%j', async (name, value, message) => {
    vi.stubEnv(name, value);
    await expect(speechConfig()).rejects.toThrow(message);
  });

  it('option ttsProvider is read like the variable: trimmed, any case', async () => {
    const options = { ttsProvider: 'ElevenLabs ' as 'elevenlabs', elevenLabsApiKey: 'k', elevenLabsVoiceId: VOICE };
    await expect(speechConfig(options)).resolves.toMatchObject({ provider: 'elevenlabs' });
  });

  it.each([
    [{ ttsProvider: 'azure' as 'openai' }, 'Invalid ttsProvider: "azure". Expected "openai" or "elevenlabs".'],
    [{ elevenLabsVoiceSettings: { stability: 2 } }, 'Invalid elevenLabsVoiceSettings.stability: 2. Expected a number from 0 to 1.'],
    [{ elevenLabsVoiceSettings: { style: Number.NaN } }, 'Invalid elevenLabsVoiceSettings.style: null. Expected a number from 0 to 1.'],
    [{ elevenLabsVoiceSettings: { useSpeakerBoost: 'nope' as unknown as boolean } }, 'Invalid elevenLabsVoiceSettings.useSpeakerBoost: "nope".'],
    [{ elevenLabsOptimizeStreamingLatency: 1.2 }, 'Invalid elevenLabsOptimizeStreamingLatency: 1.2. Expected an integer from 0 to 4.'],
    [{ elevenLabsOutputFormat: 'aac_44100' }, 'Invalid elevenLabsOutputFormat: "aac_44100".'],
    [{ elevenLabsBaseUrl: 'ftp://elevenlabs' }, 'Invalid elevenLabsBaseUrl: "ftp://elevenlabs".'],
    [{ maxSpeechTextLength: 0 }, 'Invalid maxSpeechTextLength: 0. Expected an integer from 1 to 1000000.'],
    [{ allowedSpeechVoices: [] }, 'Invalid allowedSpeechVoices: []. Expected a non-empty list of names.'],
    [{ allowedSpeechModels: [' '] }, 'Invalid allowedSpeechModels: [" "]. Expected a non-empty list of names.'],
  ])('option %j', async (options, message) => {
    await expect(speechConfig(options as NavaiModuleOptions)).rejects.toThrow(message);
  });

  it('elevenlabs mode without a key stops startup', async () => {
    await expect(speechConfig({ ttsProvider: 'elevenlabs', elevenLabsVoiceId: VOICE })).rejects.toThrow(
      'ELEVENLABS_API_KEY is required when NAVAI_TTS_PROVIDER is "elevenlabs" (or give speechSynthesizer).',
    );
  });

  it('elevenlabs mode without a voice stops startup', async () => {
    vi.stubEnv('NAVAI_TTS_PROVIDER', 'elevenlabs');
    vi.stubEnv('ELEVENLABS_API_KEY', 'xi-env');
    vi.stubEnv('ELEVENLABS_VOICE_ID', '   ');
    await expect(speechConfig()).rejects.toThrow('ELEVENLABS_VOICE_ID is required when NAVAI_TTS_PROVIDER is "elevenlabs"');
  });

  it('a configured voice or model outside its allow-list stops startup', async () => {
    elevenLabsEnv();
    await expect(speechConfig({ allowedSpeechVoices: ['another'] })).rejects.toThrow(`elevenLabsVoiceId "${VOICE}" is not allowed. Allowed: another.`);
    await expect(speechConfig({ elevenLabsModelId: 'eleven_v3', allowedSpeechModels: ['eleven_flash_v2_5'] })).rejects.toThrow(
      'elevenLabsModelId "eleven_v3" is not allowed. Allowed: eleven_flash_v2_5.',
    );
  });

  it('a session that must speak in elevenlabs mode stops startup', async () => {
    elevenLabsEnv();
    await expect(speechConfig({ session: { output_modalities: ['audio'] } })).rejects.toThrow(
      'session.output_modalities is ["audio"], but NAVAI_TTS_PROVIDER is "elevenlabs"',
    );
  });
});
