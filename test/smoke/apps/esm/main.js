// An ES module Nest app without a compile step: decorators are applied by hand.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NavaiModule, NavaiTool } from 'nestjs-navai';

class Greeter {
  greet({ name }) {
    return `Hello, ${name}!`;
  }
}
Injectable()(Greeter);
NavaiTool({
  description: 'Greet someone by name.',
  parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
})(Greeter.prototype, 'greet', Object.getOwnPropertyDescriptor(Greeter.prototype, 'greet'));

// oxlint-disable-next-line typescript/no-extraneous-class -- decorated just below
class AppModule {}
Module({
  imports: [
    NavaiModule.forRoot({
      apiKey: process.env.APP_OPENAI_KEY,
      baseUrl: process.env.APP_OPENAI_URL,
      playground: true,
      functionsBaseDir: import.meta.dirname,
    }),
  ],
  providers: [Greeter],
})(AppModule);

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
console.log(`package: ${JSON.stringify({ build: import.meta.resolve('nestjs-navai') })}`);
await app.listen(0, '127.0.0.1');
console.log(`listening on ${await app.getUrl()}`);
