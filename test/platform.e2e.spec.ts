import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { expect, it } from 'vitest';
import { NavaiModule } from '../lib/index.js';
import { startApp } from './support/test-app.js';

// The e2e suites run once per platform; this proves each project really runs the one it names.
it('runs on the platform the test project selects', async () => {
  const app = await startApp([NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none' })]);
  try {
    const fastify = process.env.NAVAI_TEST_ADAPTER === 'fastify';
    expect(app.platform).toBe(fastify ? 'fastify' : 'express');
    expect(app.app.getHttpAdapter()).toBeInstanceOf(fastify ? FastifyAdapter : ExpressAdapter);
  } finally {
    await app.close();
  }
});
