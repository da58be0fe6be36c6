import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ClientSecretService } from './client-secret/client-secret.service.js';
import { OpenAIRealtimeClient } from './client-secret/openai-realtime.client.js';
import { RetryAfterInterceptor } from './client-secret/retry-after.interceptor.js';
import { navaiConfigProvider } from './config/navai-config.provider.js';
import { FunctionErrorFilter } from './functions/function-error.filter.js';
import { FunctionExecutor } from './functions/function.executor.js';
import { FunctionRegistry } from './functions/function.registry.js';
import { FunctionsLoader } from './functions/functions.loader.js';
import { ToolExplorer } from './functions/tool.explorer.js';
import { ToolGuards } from './functions/tool-guards.js';
import { BodyLimitGuard } from './body-limit.guard.js';
import {
  ConfigurableNavaiModule,
  type NavaiModuleAsyncOptions,
  type NavaiModuleRootOptions,
} from './navai.module-definition.js';

@Module({
  imports: [DiscoveryModule],
  providers: [
    navaiConfigProvider,
    OpenAIRealtimeClient,
    ClientSecretService,
    RetryAfterInterceptor,
    FunctionRegistry,
    ToolExplorer,
    FunctionsLoader,
    FunctionExecutor,
    FunctionErrorFilter,
    ToolGuards,
    BodyLimitGuard,
  ],
  exports: [ClientSecretService, FunctionRegistry],
})
export class NavaiModule extends ConfigurableNavaiModule {
  static forRoot(options: NavaiModuleRootOptions = {}): DynamicModule {
    return super.forRoot(options);
  }

  static forRootAsync(options: NavaiModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options);
  }
}
