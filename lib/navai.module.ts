import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ClientSecretService } from './client-secret/client-secret.service.js';
import { OpenAIRealtimeClient } from './client-secret/openai-realtime.client.js';
import { navaiConfigProvider } from './config/navai-config.provider.js';
import { FunctionExecutor } from './functions/function.executor.js';
import { FunctionList } from './functions/function-list.js';
import { FunctionRegistry } from './functions/function.registry.js';
import { FunctionsLoader } from './functions/functions.loader.js';
import { ToolExplorer } from './functions/tool.explorer.js';
import { ToolGuards } from './functions/tool-guards.js';
import { RealtimeCallsClient } from './calls/realtime-calls.client.js';
import { RealtimeCallsService } from './calls/calls.service.js';
import { SdpContentParser } from './calls/sdp-content.parser.js';
import { ReceivedBytesCounter } from './received-bytes.counter.js';
import { ElevenLabsSpeechClient } from './speech/elevenlabs-speech.client.js';
import { SpeechService } from './speech/speech.service.js';
import { speechSynthesizerProvider } from './speech/speech-synthesizer.provider.js';
import { SafetyIdentifierService } from './safety-identifier/safety-identifier.service.js';
import { ConfigurableNavaiModule, type NavaiModuleRootOptions } from './navai.module-definition.js';

@Module({
  imports: [DiscoveryModule],
  providers: [
    navaiConfigProvider,
    OpenAIRealtimeClient,
    ClientSecretService,
    FunctionRegistry,
    ToolExplorer,
    FunctionsLoader,
    FunctionExecutor,
    FunctionList,
    ToolGuards,
    RealtimeCallsClient,
    RealtimeCallsService,
    SdpContentParser,
    ReceivedBytesCounter,
    ElevenLabsSpeechClient,
    speechSynthesizerProvider,
    SpeechService,
    SafetyIdentifierService,
  ],
  exports: [ClientSecretService, FunctionRegistry, RealtimeCallsService, SpeechService, SafetyIdentifierService],
})
export class NavaiModule extends ConfigurableNavaiModule {
  static forRoot(options: NavaiModuleRootOptions = {}): DynamicModule {
    return super.forRoot(options);
  }
}
