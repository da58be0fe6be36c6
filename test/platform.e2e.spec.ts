import { expect, it } from 'vitest';
import { NavaiModule } from '../lib/index.js';
import { startApp } from './support/test-app.js';

// The e2e suites run once per platform; this proves each project really runs the one it names.
it('runs on the platform the test project selects', async () => {
  const app = await startApp([NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none' })]);
  try {
    expect(app.platform).toBe(process.env.NAVAI_TEST_ADAPTER === 'fastify' ? 'fastify' : 'express');
    expect(app.app.getHttpAdapter().getType()).toBe(app.platform);
  } finally {
    await app.close();
  }
});
