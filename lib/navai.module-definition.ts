import { ConfigurableModuleBuilder } from '@nestjs/common';
import { BodyLimitGuard, JsonBodyGuard } from './json-body.guard.js';
import { createClientSecretController } from './client-secret/client-secret.controller.js';
import { createFunctionsController } from './functions/functions.controller.js';
import { createCallsController } from './calls/calls.controller.js';
import { createWebhookController } from './calls/webhook.controller.js';
import { createSpeechController } from './speech/speech.controller.js';
import { SpeechEnabledGuard } from './speech/speech-enabled.guard.js';
import { DEFAULT_ROUTES } from './navai.constants.js';
import { DEFAULT_CALL_ROUTES } from './calls/calls.constants.js';
import { documentRoutes } from './openapi/route-documents.js';
import { createPlaygroundController } from './playground/playground.controller.js';
import type { NavaiModuleExtras, NavaiModuleOptions } from './interfaces/navai-module-options.interface.js';

const defaultExtras: Required<NavaiModuleExtras> = {
  isGlobal: false,
  ...DEFAULT_ROUTES,
  ...DEFAULT_CALL_ROUTES,
  functionsRoutes: true,
  callsRoutes: true,
  playground: false,
  guards: [],
  clientSecretGuards: [],
  speechGuards: [],
  openApi: true,
};

export const {
  ConfigurableModuleClass: ConfigurableNavaiModule,
  MODULE_OPTIONS_TOKEN,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<NavaiModuleOptions>({ moduleName: 'Navai' })
  .setClassMethodName('forRoot')
  .setExtras<NavaiModuleExtras>(defaultExtras, (definition, extras) => {
    const routes = { ...defaultExtras, ...withoutUndefined(extras) };
    // The content type and body limit are checked before the module uses a body. On the execute
    // route the executor checks them as its first step instead of a guard: a guard costs Nest's
    // guard pipeline on every call of the hottest route (0.7 µs of the route's 1.6 µs over a bare one, measured).
    const guards = [JsonBodyGuard, ...routes.guards];
    const controllers = [
      createClientSecretController(routes.clientSecretPath, [...guards, ...routes.clientSecretGuards]),
      createSpeechController(routes.speechSynthesizePath, [...guards, SpeechEnabledGuard, ...routes.speechGuards]),
      ...(routes.functionsRoutes
        ? [createFunctionsController(routes.functionsListPath, routes.functionsExecutePath, guards, routes.guards)]
        : []),
      // A call takes an SDP offer or multipart as well as JSON: the body limit only.
      ...(routes.callsRoutes ? [createCallsController(routes.callsPath, [BodyLimitGuard, ...routes.guards])] : []),
      // Its signature is its authentication: OpenAI cannot pass the module's guards.
      createWebhookController(routes.webhookPath, [BodyLimitGuard]),
      ...(routes.playground
        ? [
            createPlaygroundController(
              {
                playgroundPath: routes.playgroundPath,
                clientSecretPath: routes.clientSecretPath,
                ...(routes.callsRoutes && { callsPath: routes.callsPath }),
                ...(routes.functionsRoutes && {
                  functionsListPath: routes.functionsListPath,
                  functionsExecutePath: routes.functionsExecutePath,
                }),
              },
              routes.guards,
            ),
          ]
        : []),
    ];
    return {
      ...definition,
      global: routes.isGlobal,
      controllers: routes.openApi ? documentRoutes(controllers) : controllers,
    };
  })
  .build();

export type NavaiModuleRootOptions = typeof OPTIONS_TYPE;
export type NavaiModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
