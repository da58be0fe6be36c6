import { Injectable, Module } from '@nestjs/common';
import { createNavaiBackendClient } from '@navai/voice-frontend';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavaiModule, NavaiTool, NavaiToolError } from '../../lib/index.js';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { startApp, type TestApp } from '../support/test-app.js';

const fixtures = fileURLToPath(new URL('../fixtures/routes', import.meta.url));

@Injectable()
class CartTools {
  private readonly items: string[] = [];

  @NavaiTool({ description: 'Add a product to the cart.' })
  addToCart(payload: { sku: string }) {
    this.items.push(payload.sku);
    return { items: [...this.items] };
  }

  @NavaiTool()
  checkout() {
    throw new NavaiToolError('The cart is empty.');
  }
}

@Module({ providers: [CartTools] })
class CartModule {}

describe('the published Navai web client (@navai/voice-frontend) against this module', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: ReturnType<typeof createNavaiBackendClient>;

  beforeAll(async () => {
    fake = await FakeOpenAI.start([CANARY_KEY]);
    app = await startApp([NavaiModule.forRoot({ apiKey: CANARY_KEY, baseUrl: fake.baseUrl, functionsBaseDir: fixtures }), CartModule]);
    client = createNavaiBackendClient({ apiBaseUrl: app.url });
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('creates a client secret', async () => {
    const secret = await client.createClientSecret({ model: 'gpt-realtime-mini' });
    expect(secret.value).toMatch(/^ek_/);
    expect(secret.expires_at).toBeGreaterThan(Date.now() / 1000);
    expect(fake.lastBody.session.model).toBe('gpt-realtime-mini');
  });

  it('lists the backend functions', async () => {
    const { functions, warnings } = await client.listFunctions();
    expect(functions.map((fn) => fn.name)).toEqual(['add_to_cart', 'checkout', 'lookup', 'get_weather']);
    expect(functions[0]).toEqual({ name: 'add_to_cart', description: 'Add a product to the cart.', source: 'CartTools#addToCart' });
    expect(warnings).toEqual([]);
  });

  it('executes decorated and folder functions', async () => {
    expect(await client.executeFunction({ functionName: 'add_to_cart', payload: { sku: 'bike' } })).toEqual({ items: ['bike'] });
    expect(await client.executeFunction({ functionName: 'get_weather', payload: { value: 'Cusco' } })).toEqual({
      city: 'Cusco',
      sky: 'clear',
    });
  });

  it('surfaces tool errors and unknown functions as errors the agent can relay', async () => {
    await expect(client.executeFunction({ functionName: 'checkout', payload: {} })).rejects.toThrow('The cart is empty.');
    await expect(client.executeFunction({ functionName: 'rm_rf', payload: {} })).rejects.toThrow('Unknown or disallowed function.');
  });

  it('surfaces client-secret errors with their message', async () => {
    await expect(client.createClientSecret({ apiKey: 'sk-from-browser' })).rejects.toThrow(
      'This server does not accept apiKey in the request',
    );
  });
});
