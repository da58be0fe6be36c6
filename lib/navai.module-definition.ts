import { ConfigurableModuleBuilder } from '@nestjs/common';
import { createClientSecretController } from './client-secret/client-secret.controller.js';
import { createFunctionsController } from './functions/functions.controller.js';
import { DEFAULT_ROUTES } from './navai.constants.js';
import type { NavaiModuleExtras, NavaiModuleOptions } from './interfaces/navai-module-options.interface.js';

const defaultExtras: Required<NavaiModuleExtras> = {
  isGlobal: false,
  ...DEFAULT_ROUTES,
  functionsRoutes: true,
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
    return {
      ...definition,
      global: routes.isGlobal,
      controllers: [
        createClientSecretController(routes.clientSecretPath),
        ...(routes.functionsRoutes ? [createFunctionsController(routes.functionsListPath, routes.functionsExecutePath)] : []),
      ],
    };
  })
  .build();

export type NavaiModuleRootOptions = typeof OPTIONS_TYPE;
export type NavaiModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
