import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest resolves constructor parameters from emitted decorator metadata.
  // .cts too: lib/utils/package-context.cts is CommonJS TypeScript (Vite leaves .cts out by default).
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/, decorator: { legacy: true, emitDecoratorMetadata: true } } as object,
  test: {
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 20_000,
    // test/smoke/scaffolds holds files added to generated apps, run there by the apps' own runners.
    exclude: ['**/node_modules/**', 'test/bench/**', 'test/soak/**', 'test/smoke/scaffolds/**'],
    projects: [
      { extends: true, test: { name: 'express', include: ['test/**/*.spec.ts'] } },
      // The e2e suites (real app, real HTTP) run again on Fastify.
      { extends: true, test: { name: 'fastify', include: ['test/**/*.e2e.spec.ts'], env: { NAVAI_TEST_ADAPTER: 'fastify' } } },
    ],
  },
});
