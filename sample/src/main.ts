import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

// rawBody: the SIP webhook checks its signature over the raw body. Shutdown hooks end live calls on SIGTERM.
const app = await NestFactory.create(AppModule, { rawBody: true });
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3000));
Logger.log(`Navai sample listening on ${await app.getUrl()}`, 'Sample');
