import { type DynamicModule, Module } from '@nestjs/common';
import { ClientSecretService } from './client-secret/client-secret.service.js';
import { OpenAIRealtimeClient } from './client-secret/openai-realtime.client.js';
import { RetryAfterInterceptor } from './client-secret/retry-after.interceptor.js';
import { navaiConfigProvider } from './config/navai-config.provider.js';
import {
  ConfigurableNavaiModule,
  type NavaiModuleAsyncOptions,
  type NavaiModuleRootOptions,
} from './navai.module-definition.js';

@Module({
  providers: [navaiConfigProvider, OpenAIRealtimeClient, ClientSecretService, RetryAfterInterceptor],
  exports: [ClientSecretService],
})
export class NavaiModule extends ConfigurableNavaiModule {
  static forRoot(options: NavaiModuleRootOptions = {}): DynamicModule {
    return super.forRoot(options);
  }

  static forRootAsync(options: NavaiModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options);
  }
}
