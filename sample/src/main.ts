import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

const app = await NestFactory.create(AppModule);
await app.listen(Number(process.env.PORT ?? 3000));
Logger.log(`Navai sample listening on ${await app.getUrl()}`, 'Sample');
