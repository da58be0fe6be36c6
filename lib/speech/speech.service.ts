import { Readable } from 'node:stream';
import {
  BadGatewayException,
  BadRequestException,
  GatewayTimeoutException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { NAVAI_CONFIG, NAVAI_LOGGER_CONTEXT } from '../navai.constants.js';
import { INVALID_SETTING, NOT_IN_ALLOW_LIST, UPSTREAM_TIMEOUT } from '../navai.messages.js';
import type { NavaiConfig } from '../config/navai-config.js';
import type { SpeechAnswer, SpeechRequest } from '../interfaces/speech.interface.js';
import { safeUpstreamText } from '../upstream/upstream-text.js';
import { optionalText as text } from '../utils/optional-text.js';
import { thrownText } from '../utils/thrown-text.js';
import { NAVAI_SPEECH_SYNTHESIZER, OUTPUT_FORMAT_PATTERN } from './speech.constants.js';
import {
  DEFAULT_SYNTHESIZER_NAME,
  SPEECH_BROKE_OFF,
  SPEECH_CHOICE_REFUSED,
  SPEECH_FAILED,
  SPEECH_FAILED_LOG,
  SPEECH_OFF,
  SPEECH_TEXT_REQUIRED,
  SPEECH_TEXT_TOO_LONG,
} from './speech.messages.js';
import type { SpeechSynthesisRequest, SpeechSynthesizer, SpeechVoiceSettings, SynthesizedSpeech } from './speech-synthesizer.interface.js';

/** Characters of a synthesizer's failure a log line keeps. */
const LOGGED_TEXT = 500;

/** Audio on its way: its type, and its bytes as they come. */
export interface SpeechStream {
  mimeType: string;
  length?: number;
  stream: Readable;
}

type Phase = 'start' | 'audio';

/**
 * Speech for the route and for the app: checks a request against the settings and allow-lists,
 * calls the synthesizer (ElevenLabs, or the app's), and bounds the wait for the audio to start,
 * and each pause in it, by `upstreamTimeoutMs`. Every failure is an HttpException.
 */
@Injectable()
export class SpeechService {
  private readonly logger = new Logger(NAVAI_LOGGER_CONTEXT);
  private readonly name: string;

  constructor(
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
    @Inject(NAVAI_SPEECH_SYNTHESIZER) private readonly synthesizer: SpeechSynthesizer,
  ) {
    this.name = text(synthesizer.name) ?? DEFAULT_SYNTHESIZER_NAME;
  }

  /** The audio read whole, in base64: the answer the Navai web client reads. */
  async synthesize(request: SpeechRequest, signal?: AbortSignal): Promise<SpeechAnswer> {
    const { mimeType, chunks } = await this.open(request, signal);
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return { provider: 'elevenlabs', mimeType, audioBase64: Buffer.concat(parts).toString('base64') };
  }

  /**
   * The audio as it comes, read only as fast as the stream is. It starts once the first bytes are
   * in, so that a failure before them is still an HttpException; destroying the stream stops the
   * synthesizer.
   */
  async stream(request: SpeechRequest, signal?: AbortSignal): Promise<SpeechStream> {
    const { mimeType, length, chunks } = await this.open(request, signal);
    const first = await chunks.next();
    async function* audio() {
      if (first.done) return;
      yield first.value;
      yield* chunks;
    }
    const stream = Readable.from(audio(), { objectMode: false });
    // Destroyed before it was read (the client went away first): the generator never started.
    stream.once('close', () => void chunks.return(undefined));
    return { mimeType, ...(length !== undefined && { length }), stream };
  }

  /** A route body checked and completed with the settings: what the synthesizer is asked for. */
  resolve(request: SpeechRequest): SpeechSynthesisRequest {
    const { speech } = this.config;
    if (speech.provider !== 'elevenlabs') throw new NotFoundException(SPEECH_OFF());
    const words = text(request.text);
    if (!words) throw new BadRequestException(SPEECH_TEXT_REQUIRED());
    if (codePoints(words) > speech.maxTextLength) throw new BadRequestException(SPEECH_TEXT_TOO_LONG(speech.maxTextLength));
    const outputFormat = text(request.outputFormat) ?? speech.outputFormat;
    if (!OUTPUT_FORMAT_PATTERN.test(outputFormat)) {
      throw new BadRequestException(INVALID_SETTING('outputFormat', request.outputFormat, 'an ElevenLabs output format such as mp3_44100_128'));
    }
    const resolved: SpeechSynthesisRequest = {
      text: words,
      voiceId: choose('voiceId', text(request.voiceId), speech.voiceId, speech.allowedVoices),
      modelId: choose('modelId', text(request.modelId), speech.modelId, speech.allowedModels),
      outputFormat,
      optimizeStreamingLatency: request.optimizeStreamingLatency ?? speech.optimizeStreamingLatency,
      voiceSettings: chosenSettings(request.voiceSettings) ?? speech.voiceSettings,
    };
    return Object.fromEntries(Object.entries(resolved).filter(([, value]) => value !== undefined)) as SpeechSynthesisRequest;
  }

  private async open(request: SpeechRequest, outer?: AbortSignal) {
    const resolved = this.resolve(request);
    const controller = new AbortController();
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    let speech: SynthesizedSpeech;
    try {
      // A synthesizer that throws before its promise is mapped like one that rejects.
      const work = new Promise<SynthesizedSpeech>((resolve) => resolve(this.synthesizer.synthesize(resolved, controller.signal)));
      speech = await this.bounded(work, controller);
    } catch (error) {
      throw this.failure(error, controller.signal, 'start');
    }
    return { mimeType: speech.mimeType, length: speech.length, chunks: this.chunks(speech.audio, controller) };
  }

  private async *chunks(audio: SynthesizedSpeech['audio'], controller: AbortController): AsyncGenerator<Uint8Array, void, undefined> {
    if (audio instanceof Uint8Array) {
      yield audio;
      return;
    }
    const iterator = audio[Symbol.asyncIterator]();
    let done = false;
    try {
      while (!done) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await this.bounded(iterator.next(), controller);
          if (!next.done && !(next.value instanceof Uint8Array)) throw new TypeError(`the audio held a ${typeof next.value}, not bytes`);
        } catch (error) {
          throw this.failure(error, controller.signal, 'audio');
        }
        done = next.done === true;
        if (!done) yield next.value;
      }
    } finally {
      // Stopped early (the client went away, or a failure): the synthesizer stops too.
      if (!done) {
        controller.abort(new DOMException('The speech was not read to its end.', 'AbortError'));
        await Promise.resolve(iterator.return?.()).catch(() => undefined);
      }
    }
  }

  /** `work`, unless the timeout passes or the signal aborts first: then the signal's reason. */
  private bounded<T>(work: Promise<T>, controller: AbortController): Promise<T> {
    const { signal } = controller;
    const timeoutMs = this.config.upstreamTimeoutMs;
    if (signal.aborted) {
      work.catch(() => undefined);
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      const timer = setTimeout(() => controller.abort(new DOMException(UPSTREAM_TIMEOUT(this.name, timeoutMs), 'TimeoutError')), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      });
    });
  }

  /**
   * The HttpException for a failure. The built-in synthesizer logged its own (lib/upstream);
   * anything else is logged here, once, with the ElevenLabs key redacted.
   */
  private failure(error: unknown, signal: AbortSignal, phase: Phase): HttpException {
    const timeoutMs = this.config.upstreamTimeoutMs;
    const timedOut = signal.aborted && (signal.reason as Error | undefined)?.name === 'TimeoutError';
    if (timedOut) {
      if (phase === 'audio') this.log(`no audio for ${timeoutMs} ms`);
      return new GatewayTimeoutException(UPSTREAM_TIMEOUT(this.name, timeoutMs));
    }
    if (error instanceof HttpException) return error;
    // The client went away: no one reads the answer, and nothing failed upstream.
    if (!signal.aborted) this.log(error instanceof Error ? `${error.name}: ${error.message}` : thrownText(error));
    return new BadGatewayException(phase === 'start' ? SPEECH_FAILED(this.name) : SPEECH_BROKE_OFF(this.name));
  }

  private log(detail: string): void {
    this.logger.error(SPEECH_FAILED_LOG(this.name, safeUpstreamText(detail, [this.config.speech.apiKey], LOGGED_TEXT)));
  }
}

/** The configured value, or the request's own when it is that one or on the allow-list. */
function choose(field: string, requested: string | undefined, configured: string | undefined, allowed?: readonly string[]) {
  if (requested === undefined || requested === configured) return configured;
  if (allowed?.includes(requested)) return requested;
  throw new BadRequestException(allowed ? NOT_IN_ALLOW_LIST(field, requested, allowed) : SPEECH_CHOICE_REFUSED(field, requested));
}

/** The request's voice settings, when it set any: they replace the configured ones. */
function chosenSettings(settings: SpeechVoiceSettings | undefined): SpeechVoiceSettings | undefined {
  const set = Object.entries(settings ?? {}).filter(([, value]) => value !== undefined);
  return set.length > 0 ? (Object.fromEntries(set) as SpeechVoiceSettings) : undefined;
}

function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}
