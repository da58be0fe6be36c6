import {
  type CanActivate,
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  StreamableFile,
  type Type,
  UseGuards,
  UseInterceptors,
  ValidationPipe,
} from '@nestjs/common';
import Negotiator from 'negotiator';
import type { SpeechAnswer } from '../interfaces/speech.interface.js';
import { ApiRoute } from '../openapi/api-route.decorator.js';
import { RetryAfterInterceptor } from '../upstream/retry-after.interceptor.js';
import { knownFieldsPipe } from '../utils/known-fields.pipe.js';
import { clientGoneSignal } from '../utils/raw-response.js';
import { CODEC_MIME_TYPES, DEFAULT_MIME_TYPE } from './speech.constants.js';
import { SpeechService } from './speech.service.js';
import { SPEECH_ROUTE } from './speech.openapi.js';
import { SynthesizeSpeechDto } from './synthesize-speech.dto.js';

const bodyFields = knownFieldsPipe({
  text: true,
  voiceId: true,
  modelId: true,
  outputFormat: true,
  optimizeStreamingLatency: true,
  voiceSettings: { stability: true, similarityBoost: true, style: true, useSpeakerBoost: true },
});
const bodyPipe = new ValidationPipe({ whitelist: true, transform: true, expectedType: SynthesizeSpeechDto });
const BODY = { type: 'body', metatype: SynthesizeSpeechDto } as const;

const JSON_TYPE = 'application/json';
/** The types the route can answer: JSON first, so that `*\/*` (what fetch sends) means JSON. */
const ANSWER_TYPES = [JSON_TYPE, ...new Set([DEFAULT_MIME_TYPE, ...Object.values(CODEC_MIME_TYPES)])];

/** Builds the speech controller at the configured path; a fresh class per module keeps two apps' paths apart. */
export function createSpeechController(path: string, guards: Array<Type<CanActivate> | CanActivate>): Type<unknown> {
  @Controller()
  @UseGuards(...guards)
  class SpeechController {
    constructor(private readonly speech: SpeechService) {}

    /**
     * JSON with the audio in base64, as the Navai web client reads it; a client whose Accept prefers
     * audio (`Accept: audio/*`) gets the audio bytes themselves, streamed as they come.
     */
    @Post(path)
    @ApiRoute(SPEECH_ROUTE)
    @HttpCode(HttpStatus.OK)
    @UseInterceptors(RetryAfterInterceptor)
    async synthesize(
      @Req() req: { body?: unknown },
      @Headers('accept') accept: string | undefined,
      @Res({ passthrough: true }) res: unknown,
    ): Promise<SpeechAnswer | StreamableFile> {
      // Checked here, not with @Body(): the app's global pipes would run on the body first.
      const body = (await bodyPipe.transform(bodyFields.transform(req.body, BODY), BODY)) as SynthesizeSpeechDto;
      const signal = clientGoneSignal(res, () => new DOMException('The client went away.', 'AbortError'));
      if (!prefersAudio(accept)) return this.speech.synthesize(body, signal);
      const { mimeType, length, stream } = await this.speech.stream(body, signal);
      // A failure after the first bytes was logged by SpeechService. The answer is cut off, so that it
      // cannot look complete (Nest 11 would end it normally).
      return new StreamableFile(stream, { type: mimeType, length })
        .setErrorLogger(() => undefined)
        .setErrorHandler((_error, response) => (response as { destroy?: () => void }).destroy?.());
    }
  }
  return SpeechController;
}

/** Whether the Accept header ranks an audio type above JSON. */
function prefersAudio(accept: string | undefined): boolean {
  if (!accept || !/audio\//i.test(accept)) return false;
  return new Negotiator({ headers: { accept } }).mediaType(ANSWER_TYPES)?.startsWith('audio/') === true;
}
