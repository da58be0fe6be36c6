import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest resolves constructor parameters from emitted decorator metadata.
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } } as object,
  test: {
    include: ['test/**/*.spec.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 20_000,
  },
});
