export { NavaiModule } from './navai.module.js';
export { MODULE_OPTIONS_TOKEN as NAVAI_MODULE_OPTIONS } from './navai.module-definition.js';
export type { NavaiModuleAsyncOptions, NavaiModuleRootOptions } from './navai.module-definition.js';
export { NAVAI_CONFIG } from './navai.constants.js';
export type { NavaiConfig } from './config/navai-config.js';

export { ClientSecretService } from './client-secret/client-secret.service.js';
export { CreateClientSecretDto } from './client-secret/create-client-secret.dto.js';
export { RetryAfterInterceptor } from './upstream/retry-after.interceptor.js';
export { UpstreamRateLimitException } from './upstream/upstream-rate-limit.exception.js';

export { SpeechService, type SpeechStream } from './speech/speech.service.js';
export { SynthesizeSpeechDto, SpeechVoiceSettingsDto } from './speech/synthesize-speech.dto.js';
export { ElevenLabsSpeechClient } from './speech/elevenlabs-speech.client.js';
export { NAVAI_SPEECH_SYNTHESIZER } from './speech/speech.constants.js';
export type * from './speech/speech-synthesizer.interface.js';
export { SafetyIdentifierService } from './safety-identifier/safety-identifier.service.js';
export { SAFETY_IDENTIFIER_HEADER } from './safety-identifier/safety-identifier.constants.js';

export { NavaiTool, type NavaiToolOptions } from './functions/navai-tool.decorator.js';
export { NavaiToolError } from './functions/navai-tool.error.js';
export { defineNavaiTool, type DefinedNavaiTool, type NavaiToolDefinition } from './functions/define-navai-tool.js';
export { FunctionRegistry, type NavaiToolRegistration, type RegisteredTool } from './functions/function.registry.js';
export { isToolListing, type ToolAccessCheck, type ToolAccessPurpose } from './functions/tool-guards.js';
export type { NavaiToolParameters } from './schema/tool-schema.factory.js';
export type { JsonSchemaObject, SchemaIssue, StandardSchemaLike } from './schema/tool-schema.interface.js';
/** Describes DTO properties to the model: `@JSONSchema({ description: '...' })`. */
export { JSONSchema } from './schema/json-schema.decorator.js';
export type { FunctionErrorBody, FunctionErrorCode } from './functions/function-call.error.js';
export type { FunctionCallResult } from './functions/function.executor.js';
export type { FunctionListAnswer, FunctionListItem } from './functions/function-list.js';

export type * from './interfaces/navai-module-options.interface.js';
export type * from './interfaces/client-secret.interface.js';
export type * from './interfaces/safety-identifier-options.interface.js';
export type * from './interfaces/navai-function.interface.js';
export type * from './interfaces/realtime-session.interface.js';

export { RealtimeCallsService } from './calls/calls.service.js';
export { NAVAI_WEBHOOK_ROUTE } from './calls/calls.constants.js';
export type { ToolInvocation } from './functions/function.executor.js';
export type * from './interfaces/calls-options.interface.js';
export type * from './interfaces/call-events.interface.js';
export type * from './interfaces/speech-options.interface.js';
export type * from './interfaces/speech.interface.js';
