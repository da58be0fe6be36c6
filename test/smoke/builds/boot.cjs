// Boots a Nest app on one build of the package and uses each lazily loaded part in turn, printing
// what the process had loaded at each step and what the tools answered, so both builds compare.
// Usage: node boot.cjs <path of dist/esm/index.js or dist/cjs/index.js> <fake OpenAI base URL> <key>
require('reflect-metadata');
const { Injectable, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

const [, , build, baseUrl, apiKey] = process.argv;
const LAZY = ['ajv', 'undici', 'class-validator-jsonschema', 'ws'];
const loaded = () => LAZY.filter((name) => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`)));

async function main() {
  const navai = build.includes('/cjs/') ? require(build) : await import(build);
  const steps = { imported: loaded() };

  class Greeter {
    greet() {
      return 'Hello!';
    }
  }
  Injectable()(Greeter);
  navai.NavaiTool({ description: 'Greet.' })(Greeter.prototype, 'greet', Object.getOwnPropertyDescriptor(Greeter.prototype, 'greet'));
  // oxlint-disable-next-line typescript/no-extraneous-class -- decorated just below
  class AppModule {}
  Module({ imports: [navai.NavaiModule.forRoot({ apiKey, baseUrl, functionsBaseDir: __dirname })], providers: [Greeter] })(AppModule);

  // The package's own providers are built from their emitted constructor types.
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  steps.booted = loaded();
  const registry = app.get(navai.FunctionRegistry);
  const results = {};
  for (const tool of registry.list()) results[tool.name] = await tool.run({ value: 3 }, { req: null, functionName: tool.name });

  const secret = await app.get(navai.ClientSecretService).create({});
  steps.minted = loaded();
  registry.register({ name: 'typed', parameters: { type: 'object', properties: { n: { type: 'number' } } }, run: () => 0 });
  steps.jsonSchemaTool = loaded();
  navai.JSONSchema({ description: 'A field.' });
  steps.jsonSchemaDecorator = loaded();

  const tools = registry.list().map(({ name, source }) => `${name} ${source}`);
  console.log(JSON.stringify({ steps, tools, results, secret: secret.value.slice(0, 3), warnings: registry.warnings }));
  await app.close();
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
