import { ConfigurableModuleBuilder } from '@nestjs/common';
import { createClientSecretController } from './client-secret/client-secret.controller.js';
import { DEFAULT_ROUTES } from './navai.constants.js';
import type { NavaiModuleExtras, NavaiModuleOptions } from './interfaces/navai-module-options.interface.js';

const defaultExtras: Required<NavaiModuleExtras> = {
  isGlobal: false,
  clientSecretPath: DEFAULT_ROUTES.clientSecretPath,
};

export const {
  ConfigurableModuleClass: ConfigurableNavaiModule,
  MODULE_OPTIONS_TOKEN,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<NavaiModuleOptions>({ moduleName: 'Navai' })
  .setClassMethodName('forRoot')
  .setExtras<NavaiModuleExtras>(defaultExtras, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    controllers: [createClientSecretController(extras.clientSecretPath ?? defaultExtras.clientSecretPath)],
  }))
  .build();

export type NavaiModuleRootOptions = typeof OPTIONS_TYPE;
export type NavaiModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
