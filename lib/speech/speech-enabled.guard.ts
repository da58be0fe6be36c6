import { type CanActivate, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { NAVAI_CONFIG } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { SPEECH_OFF } from './speech.messages.js';

/** The speech route answers 404 with a clear message while the Realtime model speaks itself. */
@Injectable()
export class SpeechEnabledGuard implements CanActivate {
  constructor(@Inject(NAVAI_CONFIG) private readonly config: NavaiConfig) {}

  canActivate(): boolean {
    if (this.config.speech.provider !== 'elevenlabs') throw new NotFoundException(SPEECH_OFF());
    return true;
  }
}
