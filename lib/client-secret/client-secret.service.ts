import { BadRequestException, ForbiddenException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { NAVAI_CONFIG } from '../navai.constants.js';
import { MISSING_API_KEY, REQUEST_API_KEY_REFUSED } from '../navai.messages.js';
import { allowListViolation, type NavaiConfig } from '../config/navai-config.js';
import { optionalText as text } from '../utils/optional-text.js';
import type { ClientSecret, ClientSecretRequest } from '../interfaces/client-secret.interface.js';
import type { RealtimeFunctionTool, RealtimeSessionDefaults } from '../interfaces/realtime-session.interface.js';
import { FunctionRegistry } from '../functions/function.registry.js';
import { SafetyIdentifierService } from '../safety-identifier/safety-identifier.service.js';
import { OpenAIRealtimeClient, type UpstreamCredentials } from './openai-realtime.client.js';

/** Mints short-lived OpenAI Realtime client secrets; the OpenAI key stays on the server. */
@Injectable()
export class ClientSecretService {
  constructor(
    @Inject(NAVAI_CONFIG) private readonly config: NavaiConfig,
    private readonly openai: OpenAIRealtimeClient,
    private readonly registry: FunctionRegistry,
    private readonly safetyIdentifier: SafetyIdentifierService,
  ) {}

  /**
   * Mints a secret. With `sessionTools`, the session carries the tools the caller of `http.req` may
   * use (without a request: only tools that have no guards). With `safetyIdentifier` on, OpenAI is
   * told the hashed id of the request's end user.
   */
  async create(request: ClientSecretRequest = {}, http: { req?: unknown; res?: unknown } = {}): Promise<ClientSecret> {
    const credentials = this.credentials(text(request.apiKey));
    const tools = this.config.sessionTools ? await this.sessionTools(http) : undefined;
    const body = this.buildRequestBody(request, tools);
    const headers = await this.safetyIdentifier.headersFor(http.req);
    const secret = await this.openai.createClientSecret(body, credentials, requestParams(request), headers);
    return { ...secret, speech: { provider: this.config.speech.provider } };
  }

  /** The body sent to `POST /realtime/client_secrets` for this request. */
  buildRequestBody(request: ClientSecretRequest = {}, tools?: RealtimeFunctionTool[]): Record<string, unknown> {
    return {
      expires_after: { anchor: 'created_at', seconds: this.config.clientSecretTtlSeconds },
      session: this.buildSession(request, tools),
    };
  }

  /**
   * The Realtime session for this request's overrides, checked against the allow-lists: the one
   * session building of client secrets and server-side calls. `extras` go over the `session` option.
   */
  buildSession(request: ClientSecretRequest = {}, tools?: RealtimeFunctionTool[], extras?: RealtimeSessionDefaults): Record<string, unknown> {
    const { config } = this;
    const model = text(request.model) ?? config.model;
    // When the server speaks (ElevenLabs), the model answers in text: no voice is chosen or checked.
    const serverSpeaks = config.speech.provider === 'elevenlabs';
    const voice = serverSpeaks ? undefined : (text(request.voice) ?? config.voice);
    const violation =
      allowListViolation('model', model, config.allowedModels) ??
      (voice === undefined ? undefined : allowListViolation('voice', voice, config.allowedVoices));
    if (violation) throw new BadRequestException(violation);
    const { audio, ...defaults } = extras ? { ...config.session, ...extras } : config.session;
    return {
      ...defaults,
      type: 'realtime',
      model,
      instructions: buildInstructions(
        text(request.instructions) ?? config.instructions,
        text(request.language) ?? config.language,
        text(request.voiceAccent) ?? config.voiceAccent,
        text(request.voiceTone) ?? config.voiceTone,
      ),
      ...(voice === undefined
        ? { output_modalities: ['text'], audio: textOnlyAudio(audio) }
        : { audio: { ...audio, output: { ...audio?.output, voice } } }),
      ...(tools && { tools: [...(defaults.tools ?? []), ...tools] }),
    };
  }

  private async sessionTools({ req, res }: { req?: unknown; res?: unknown }): Promise<RealtimeFunctionTool[]> {
    return this.registry.toRealtimeTools(await this.registry.usableBy(req, res));
  }

  /** The server key always wins; a request key is used only without one, and only when allowed. */
  private credentials(requestKey: string | undefined): UpstreamCredentials {
    const { apiKey, allowFrontendApiKey } = this.config;
    if (requestKey && !allowFrontendApiKey) throw new ForbiddenException(REQUEST_API_KEY_REFUSED());
    if (apiKey) return { apiKey, fromRequest: false };
    if (requestKey) return { apiKey: requestKey, fromRequest: true };
    throw new ServiceUnavailableException(MISSING_API_KEY(allowFrontendApiKey));
  }
}

/** The configured audio defaults for a session that answers in text: no output voice. */
function textOnlyAudio(audio: RealtimeSessionDefaults['audio']): RealtimeSessionDefaults['audio'] {
  const { output, ...rest } = audio ?? {};
  const { voice: _voice, ...kept } = (output ?? {}) as Record<string, unknown>;
  const left = Object.keys(kept).length > 0 ? { ...rest, output: kept } : rest;
  return Object.keys(left).length > 0 ? left : undefined;
}

/** The session fields this request chose itself, named as OpenAI names them in its errors. */
export function requestParams(request: ClientSecretRequest): Set<string> {
  const params = new Set<string>();
  if (text(request.model)) params.add('session.model');
  if (text(request.voice)) params.add('session.audio.output.voice');
  if ([request.instructions, request.language, request.voiceAccent, request.voiceTone].some((value) => text(value))) {
    params.add('session.instructions');
  }
  return params;
}

function buildInstructions(base: string, language?: string, accent?: string, tone?: string): string {
  const lines = [base];
  if (language) lines.push(`Always reply in ${language}.`);
  if (accent) lines.push(`Use a ${accent} accent while speaking.`);
  if (tone) lines.push(`Use a ${tone} tone while speaking.`);
  return lines.join('\n');
}
