import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY } from '../support/canary.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { exec } from '../support/run-node.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const boot = fileURLToPath(new URL('builds/boot.cjs', import.meta.url));

// The same app on each build, as `npm run build` leaves them (npm test builds first).
describe('the CommonJS build beside the ES module build', () => {
  let fake: FakeOpenAI;
  const runs: Record<string, any> = {};

  beforeAll(async () => {
    fake = await FakeOpenAI.start([CANARY_KEY]);
    for (const build of ['esm', 'cjs']) {
      const { stdout } = await exec(process.execPath, [boot, `${root}dist/${build}/index.js`, fake.baseUrl, CANARY_KEY], { cwd: root });
      runs[build] = JSON.parse(stdout);
    }
  }, 60_000);
  afterAll(() => fake?.close());

  it.each(['esm', 'cjs'])('%s: loads ajv, undici and class-validator-jsonschema only when first needed, and ws not without calls', (build) => {
    expect(runs[build].steps).toEqual({
      imported: [],
      booted: [],
      minted: ['undici'],
      jsonSchemaTool: ['ajv', 'undici'],
      jsonSchemaDecorator: ['ajv', 'undici', 'class-validator-jsonschema'],
    });
  });

  it.each(['esm', 'cjs'])('%s: finds the decorated tool and the .js, .mjs and .cjs folder tools, and runs them', (build) => {
    expect(runs[build]).toMatchObject({
      tools: [
        'greet Greeter#greet',
        'negate src/ai/functions-modules/common.cjs#negate',
        'double src/ai/functions-modules/module.mjs#double',
        'shout src/ai/functions-modules/plain.js#shout',
        'typed runtime',
      ],
      results: { greet: 'Hello!', negate: -3, double: 6, shout: '3' },
      secret: 'ek_',
      warnings: [],
    });
  });

  it('answers alike in both', () => {
    expect(runs.cjs).toEqual(runs.esm);
  });
});
