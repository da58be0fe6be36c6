// A CommonJS Nest app without a compile step; it loads the ESM package through require(esm).
require('reflect-metadata');
const { Injectable, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FunctionRegistry, NavaiModule, NavaiTool } = require('nestjs-navai');

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
      functionsBaseDir: __dirname,
    }),
  ],
  providers: [Greeter],
})(AppModule);

async function main() {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  const esm = await import('./registry.mjs');
  const registry = app.get(FunctionRegistry);
  console.log(`package: ${JSON.stringify({
    build: require.resolve('nestjs-navai'),
    oneModule: esm.NavaiModule === NavaiModule,
    oneRegistry: app.get(esm.FunctionRegistry) === registry,
  })}`);
  await app.listen(0, '127.0.0.1');
  console.log(`listening on ${await app.getUrl()}`);
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
