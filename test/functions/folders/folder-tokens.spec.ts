import { describe, expect, it } from 'vitest';
import { fixture, load, namesOf, summary } from './folder-test-kit.js';

const base = fixture('tokens');
const DEFAULT_FOLDER_TOOLS = [
  { name: 'alpha', source: 'src/ai/functions-modules/alpha.ts#alpha' },
  { name: 'beta', source: 'src/ai/functions-modules/nested/deep/beta.ts#beta' },
];
const ONE_SEGMENT_VOICE_TOOLS = [
  { name: 'charge', source: 'src/features/billing/voice-functions/charge.ts#charge' },
  { name: 'invoice', source: 'src/features/billing/voice-functions/sub/invoice.ts#invoice' },
  { name: 'track', source: 'src/features/shipping/voice-functions/track.ts#track' },
];

describe('folder tokens', () => {
  it('loads a folder with everything below it, at any depth', async () => {
    const result = await load(base, { folders: ['src/ai/functions-modules'] });
    expect(summary(result)).toEqual(DEFAULT_FOLDER_TOOLS);
    expect(result.warnings).toEqual([]);
    expect(result.definitions[0].file).toBe(`${base}/src/ai/functions-modules/alpha.ts`);
  });

  it('loads `folder/...` as every file below the folder', async () => {
    const result = await load(base, { folders: ['src/ai/...'] });
    expect(summary(result)).toEqual([
      ...DEFAULT_FOLDER_TOOLS,
      { name: 'campaign', source: 'src/ai/marketing/campaign.ts#campaign' },
      { name: 'root_tool', source: 'src/ai/root-tool.ts#rootTool' },
      { name: 'sales_file', source: 'src/ai/sales.ts#salesFile' },
      { name: 'close_deal', source: 'src/ai/sales/deals/close-deal.ts#closeDeal' },
      { name: 'quote', source: 'src/ai/sales/quote.ts#quote' },
      { name: 'ticket', source: 'src/ai/support/ticket.ts#ticket' },
    ]);
  });

  it('reads `*` as exactly one path segment, matching files below the folders it names', async () => {
    const result = await load(base, { folders: ['src/features/*/voice-functions'] });
    expect(summary(result)).toEqual(ONE_SEGMENT_VOICE_TOOLS);
  });

  it('reads `**` as any depth', async () => {
    const result = await load(base, { folders: ['src/features/**/voice-functions'] });
    expect(summary(result)).toEqual([
      ...ONE_SEGMENT_VOICE_TOOLS.slice(0, 2),
      { name: 'route_plan', source: 'src/features/shipping/deep/voice-functions/route-plan.ts#routePlan' },
      ONE_SEGMENT_VOICE_TOOLS[2],
    ]);
  });

  it('matches files themselves when the wildcard names files', async () => {
    const result = await load(base, { folders: ['src/features/*/tools.ts'] });
    expect(summary(result)).toEqual([
      { name: 'billing_tools', source: 'src/features/billing/tools.ts#billingTools' },
      { name: 'shipping_tools', source: 'src/features/shipping/tools.ts#shippingTools' },
    ]);
  });

  it('loads an explicit file', async () => {
    const result = await load(base, { folders: ['src/ai/root-tool.ts'] });
    expect(summary(result)).toEqual([{ name: 'root_tool', source: 'src/ai/root-tool.ts#rootTool' }]);
  });

  it.each([
    ['without the src/ prefix', 'ai/functions-modules'],
    ['with backslashes and ./', '.\\src\\ai\\functions-modules\\'],
    ['with ./ and no src/ prefix', './ai/functions-modules/'],
    ['with a leading /', '/src/ai/functions-modules'],
    ['with spaces around it', '  src/ai/functions-modules  '],
  ])('normalizes a token %s', async (_, token) => {
    const result = await load(base, { folders: [token] });
    expect(summary(result)).toEqual(DEFAULT_FOLDER_TOOLS);
    expect(result.warnings).toEqual([]);
  });

  it('reads a token naming the source root itself as that folder, not src/src', async () => {
    const whole = await load(base, { folders: ['src'] });
    expect(namesOf(whole)).toEqual(namesOf(await load(base, { folders: ['src/...'] })));
    expect(namesOf(whole)).toHaveLength(20);
  });

  it('puts the configured sourceRoot in front instead of src/', async () => {
    const result = await load(base, { folders: ['functions-modules'], sourceRoot: 'src/ai' });
    expect(summary(result)).toEqual(DEFAULT_FOLDER_TOOLS);
  });

  it('puts src/ in front of wildcard tokens too', async () => {
    const result = await load(base, { folders: ['features/*/voice-functions'] });
    expect(summary(result)).toEqual(ONE_SEGMENT_VOICE_TOOLS);
  });

  it('loads a file found by several tokens once', async () => {
    const result = await load(base, {
      folders: ['src/ai/functions-modules/alpha.ts', 'src/ai/functions-modules', 'ai/functions-modules/...'],
    });
    expect(summary(result)).toEqual(DEFAULT_FOLDER_TOOLS);
  });

  it('falls back to the default folder, with a warning naming the tokens, when no token matches', async () => {
    const result = await load(base, { folders: ['src/nowhere', 'missing/*/tools', 'src/ext/types.d.ts'] });
    expect(summary(result)).toEqual(DEFAULT_FOLDER_TOOLS);
    expect(result.warnings).toEqual([
      'Functions folders matched no module: "src/nowhere", "missing/*/tools", "src/ext/types.d.ts". Falling back to "src/ai/functions-modules".',
    ]);
  });

  it('warns about the tokens that match nothing when others match, without falling back', async () => {
    const result = await load(base, { folders: ['src/ai/root-tool.ts', 'src/nowhere'] });
    expect(summary(result)).toEqual([{ name: 'root_tool', source: 'src/ai/root-tool.ts#rootTool' }]);
    expect(result.warnings).toEqual(['Functions folders matched no module and were skipped: "src/nowhere".']);
  });

  it.each([
    ['no tokens', []],
    ['only blank tokens', ['', '  ']],
  ])('uses the default folder silently given %s', async (_, folders) => {
    const result = await load(base, { folders });
    expect(summary(result)).toEqual(DEFAULT_FOLDER_TOOLS);
    expect(result.warnings).toEqual([]);
  });

  it('uses the configured default folder', async () => {
    const result = await load(base, { defaultFolder: 'src/features/*/tools.ts' });
    expect(summary(result).map(({ name }) => name)).toEqual(['billing_tools', 'shipping_tools']);
  });
});

describe('agent scoping', () => {
  it('limits a folder token to the agent folders right below it and records the agent', async () => {
    const result = await load(base, { folders: ['src/ai'], agents: ['sales', ' support/ '] });
    expect(summary(result)).toEqual([
      { name: 'close_deal', source: 'src/ai/sales/deals/close-deal.ts#closeDeal', agent: 'sales' },
      { name: 'quote', source: 'src/ai/sales/quote.ts#quote', agent: 'sales' },
      { name: 'ticket', source: 'src/ai/support/ticket.ts#ticket', agent: 'support' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('scopes the default folder as well', async () => {
    const result = await load(base, { defaultFolder: 'src/ai', agents: ['support'] });
    expect(summary(result)).toEqual([{ name: 'ticket', source: 'src/ai/support/ticket.ts#ticket', agent: 'support' }]);
  });

  it('does not scope `folder/...`, wildcard or file tokens', async () => {
    const result = await load(base, {
      folders: ['src/ai/sales/...', 'src/features/*/voice-functions', 'src/ai/root-tool.ts'],
      agents: ['support'],
    });
    expect(summary(result)).toEqual([
      { name: 'root_tool', source: 'src/ai/root-tool.ts#rootTool' },
      { name: 'close_deal', source: 'src/ai/sales/deals/close-deal.ts#closeDeal' },
      { name: 'quote', source: 'src/ai/sales/quote.ts#quote' },
      ...ONE_SEGMENT_VOICE_TOOLS,
    ]);
  });

  it('falls back when no agent folder exists below the folder', async () => {
    const result = await load(base, { folders: ['src/ai'], agents: ['legal'] });
    expect(result.definitions).toEqual([]);
    expect(result.warnings).toEqual(['Functions folders matched no module: "src/ai". Falling back to "src/ai/functions-modules".']);
  });
});

describe('extensions', () => {
  const EXT_TOOLS = [
    { name: 'common_cjs', source: 'src/ext/common.cjs#default' },
    { name: 'module_mjs', source: 'src/ext/module.mjs#moduleMjs' },
    { name: 'plain_js', source: 'src/ext/plain.js#plainJs' },
    { name: 'script', source: 'src/ext/script.ts#script' },
    { name: 'typed_cts', source: 'src/ext/typed-common.cts#typedCts' },
    { name: 'typed_mts', source: 'src/ext/typed.mts#typedMts' },
  ];

  it('loads every default extension and ignores .d.ts, .json and other files', async () => {
    const result = await load(base, { folders: ['src/ext'] });
    expect(summary(result)).toEqual(EXT_TOOLS);
    expect(result.warnings).toEqual([]);
  });

  it('takes configured extensions case-insensitively, with or without the dot', async () => {
    const result = await load(base, { folders: ['src/ext'], extensions: ['.TS', 'Mjs'] });
    expect(summary(result)).toEqual([EXT_TOOLS[1], EXT_TOOLS[3]]);
  });

  it('ignores files whose extension is not configured, explicit ones included', async () => {
    const result = await load(base, { folders: ['src/ext/plain.js'], extensions: ['ts'], defaultFolder: 'src/nowhere' });
    expect(result.definitions).toEqual([]);
  });
});
