import type { FactoryProvider, Type } from '@nestjs/common';
import { MODULE_OPTIONS_TOKEN } from '../navai.module-definition.js';
import { NAVAI_CONFIG } from '../navai.constants.js';
import type { NavaiModuleOptions } from '../interfaces/navai-module-options.interface.js';
import { resolveNavaiConfig } from './navai-config.js';
import { optionalPackage } from '../utils/optional-package.js';

interface ConfigServiceLike {
  get(name: string): unknown;
}

/**
 * @nestjs/config is optional. Required (not imported) so that the app's own copy is the
 * token, and injected as an optional dependency so Nest builds it, with its loaded config, first.
 */
const configService = optionalPackage<{ ConfigService: Type<ConfigServiceLike> }>('@nestjs/config')?.ConfigService;

/** Provides the validated NavaiConfig; invalid settings fail here, at startup. */
export const navaiConfigProvider: FactoryProvider = {
  provide: NAVAI_CONFIG,
  inject: [MODULE_OPTIONS_TOKEN, ...(configService ? [{ token: configService, optional: true }] : [])],
  useFactory: (options: NavaiModuleOptions | undefined, config?: ConfigServiceLike) =>
    resolveNavaiConfig(options ?? {}, (name) => config?.get(name) ?? process.env[name]),
};
