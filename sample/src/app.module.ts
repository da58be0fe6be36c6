import { fileURLToPath } from 'node:url';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NavaiModule } from 'nestjs-navai';
import { AppController } from './app.controller.js';
import { CallLogService } from './calls/call-log.service.js';
import { OrdersService } from './orders/orders.service.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, envFilePath: ['sample/.env', '.env'] }),
    // Folder tools live in sample/src/ai/functions-modules; compiled, in sample/dist/ai/functions-modules.
    // The playground page (tools and voice) is at /navai/playground; / leads to it.
    NavaiModule.forRoot({ functionsBaseDir: fileURLToPath(new URL('..', import.meta.url)), playground: true }),
  ],
  controllers: [AppController],
  providers: [OrdersService, CallLogService],
})
export class AppModule {}
