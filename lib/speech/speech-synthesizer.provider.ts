import type { FactoryProvider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { NAVAI_CONFIG } from '../navai.constants.js';
import type { NavaiConfig } from '../config/navai-config.js';
import { ElevenLabsSpeechClient } from './elevenlabs-speech.client.js';
import { NAVAI_SPEECH_SYNTHESIZER } from './speech.constants.js';
import type { SpeechSynthesizer } from './speech-synthesizer.interface.js';

/** The app's `speechSynthesizer` (an instance, a registered provider, or a class built with DI), else ElevenLabs. */
export const speechSynthesizerProvider: FactoryProvider<SpeechSynthesizer | Promise<SpeechSynthesizer>> = {
  provide: NAVAI_SPEECH_SYNTHESIZER,
  inject: [NAVAI_CONFIG, ModuleRef, ElevenLabsSpeechClient],
  useFactory: (config: NavaiConfig, moduleRef: ModuleRef, elevenLabs: ElevenLabsSpeechClient) => {
    const own = config.speech.synthesizer;
    if (!own) return elevenLabs;
    if (typeof own !== 'function') return own;
    try {
      return moduleRef.get(own, { strict: false });
    } catch {
      return moduleRef.create(own);
    }
  },
};
