import { describe, expect, it } from 'vitest';
import { context, fixture, load, namesOf, tempTree, removeTree, fnModule, tool } from './folder-test-kit.js';

const exportsBase = fixture('exports');
const dir = 'src/ai/functions-modules';

describe('exports → tools', () => {
  it('turns every export shape into named tools and warns about the modules it cannot use', async () => {
    const result = await load(exportsBase);
    expect(result.definitions.map(({ name, description, source }) => ({ name, description, source }))).toEqual([
      { name: 'anonymous_class_greet', description: 'Call class method anonymous-class.greet().', source: `${dir}/anonymous-class.ts#default.greet` },
      { name: 'billing_refund', description: 'Call class method Billing.refund().', source: `${dir}/billing.ts#Billing.refund` },
      { name: 'billing_charge_card', description: 'Call class method Billing.chargeCard().', source: `${dir}/billing.ts#Billing.chargeCard` },
      { name: 'get_forecast', description: 'Call exported function get-forecast.', source: `${dir}/get-forecast.fn.ts#default` },
      { name: 'greetings_hello', description: 'Call exported object member greetings.hello().', source: `${dir}/greetings.ts#default.hello` },
      { name: 'greetings_bye', description: 'Call exported object member greetings.bye().', source: `${dir}/greetings.ts#default.bye` },
      { name: 'legacy_ping', description: 'Call exported function legacyPing.', source: `${dir}/legacy.cjs#legacyPing` },
      { name: 'lookup_order', description: 'Call exported function lookupOrder.', source: `${dir}/named-default.ts#default` },
      { name: 'fn', description: 'Call exported function $.', source: `${dir}/odd-names.ts#$` },
      { name: 'fetch_user_id', description: 'Call exported function fetchUserID.', source: `${dir}/odd-names.ts#fetchUserID` },
      { name: 'get_v2_data', description: 'Call exported function getV2Data.', source: `${dir}/odd-names.ts#getV2Data` },
      { name: 'odd_tools_look_up', description: 'Call exported object member oddTools.look up!().', source: `${dir}/odd-names.ts#oddTools.look up!` },
      { name: 'odd_tools_ber_tool', description: 'Call exported object member oddTools.Über-Tool().', source: `${dir}/odd-names.ts#oddTools.Über-Tool` },
      { name: 'tools_ping', description: 'Call exported object member tools.ping().', source: `${dir}/tools.ts#tools.ping` },
      { name: 'get_weather', description: 'Call exported function getWeather.', source: `${dir}/weather.ts#getWeather` },
    ]);
    expect(result.warnings).toEqual([
      `Ignored ${dir}/accessors-only.ts#Settings: class has no instance methods.`,
      `Ignored ${dir}/accessors-only.ts: module has no callable exports.`,
      `Ignored ${dir}/config-object.ts#settings: exported object has no callable members.`,
      `Ignored ${dir}/config-object.ts: module has no callable exports.`,
      `Ignored ${dir}/constants-only.ts: module has no callable exports.`,
      `Ignored ${dir}/no-exports.ts: module has no exports.`,
      `Failed to load ${dir}/throws-on-import.ts; its error is in the server log.`,
    ]);
    expect(String(result.failures.get(`Failed to load ${dir}/throws-on-import.ts; its error is in the server log.`))).toContain('boom at import');
    expect(new Set(result.definitions.map(({ file }) => file.slice(exportsBase.length)))).toEqual(
      new Set(
        ['anonymous-class.ts', 'billing.ts', 'get-forecast.fn.ts', 'greetings.ts', 'legacy.cjs', 'named-default.ts', 'odd-names.ts', 'tools.ts', 'weather.ts'].map(
          (file) => `/${dir}/${file}`,
        ),
      ),
    );
  });

  it('runs what each export names', async () => {
    const result = await load(exportsBase);
    const run = (name: string, payload: Record<string, unknown>) => tool(result, name).run(payload, context(name));
    expect(await run('get_weather', { value: 'Paris' })).toBe('Sunny in Paris');
    expect(await run('lookup_order', { args: ['42'] })).toBe('order 42');
    expect(await run('get_forecast', { value: 3 })).toBe('3 days of sun');
    expect(await run('billing_refund', { methodArgs: [5] })).toBe('refunded 5 EUR');
    expect(await run('anonymous_class_greet', {})).toBe('hello from an anonymous class');
    expect(await run('greetings_hello', { value: 'Ada' })).toBe('hello Ada');
    expect(await run('greetings_bye', {})).toBe('bye');
    expect(await run('odd_tools_ber_tool', {})).toBe('über');
    expect(await run('fn', {})).toBe('dollar');
    expect(await run('legacy_ping', {})).toBe('legacy pong');
  });
});

describe('name collisions', () => {
  const collisions = fixture('collisions');

  it('suffixes a name another folder tool took, in path order, with a warning', async () => {
    const result = await load(collisions);
    expect(namesOf(result)).toEqual(['ping', 'ping_2', 'ping_3']);
    expect(result.warnings).toEqual([
      `Tool name "ping" (${dir}/b.ts#ping) is already taken; registered as "ping_2".`,
      `Tool name "ping" (${dir}/c.ts#Ping) is already taken; registered as "ping_3".`,
    ]);
    expect(await Promise.all(result.definitions.map((definition) => definition.run({}, context())))).toEqual(['a', 'b', 'c']);
  });

  it('shortens a name past 64 characters, with a warning, and still keeps names unique', async () => {
    const long = `get${'VeryLong'.repeat(9)}Report`;
    const base = await tempTree({ [`${dir}/a.ts`]: fnModule(long, 'a'), [`${dir}/b.ts`]: fnModule(long, 'b') });
    try {
      const result = await load(base);
      const wanted = `get${'_very_long'.repeat(9)}_report`;
      const [first, second] = namesOf(result);
      expect(first).toBe(wanted.slice(0, 64).replace(/_+$/, ''));
      expect(second).toBe(`${wanted.slice(0, 62).replace(/_+$/, '')}_2`);
      expect(second.length).toBeLessThanOrEqual(64);
      expect(result.warnings).toEqual([
        `Tool name "${wanted}" (${dir}/a.ts#${long}) is longer than 64 characters; registered as "${first}".`,
        `Tool name "${wanted}" (${dir}/b.ts#${long}) is longer than 64 characters; registered as "${second}".`,
      ]);
      expect(await Promise.all(result.definitions.map((definition) => definition.run({}, context())))).toEqual(['a', 'b']);
    } finally {
      await removeTree(base);
    }
  });

  it('never takes a name listed in takenNames', async () => {
    const result = await load(collisions, { takenNames: new Set(['ping', 'ping_3']) });
    expect(namesOf(result)).toEqual(['ping_2', 'ping_4', 'ping_5']);
    expect(result.warnings).toEqual([
      `Tool name "ping" (${dir}/a.ts#ping) is already taken; registered as "ping_2".`,
      `Tool name "ping" (${dir}/b.ts#ping) is already taken; registered as "ping_4".`,
      `Tool name "ping" (${dir}/c.ts#Ping) is already taken; registered as "ping_5".`,
    ]);
  });
});

describe('load order', () => {
  it('loads files sorted by relative path (plain string order), so the same tree always gets the same names', async () => {
    // Written in reverse; plain order puts "B" before "a" and "a-b.ts" < "a.ts" < "a/z.ts".
    const files = ['z.ts', 'a/z.ts', 'a.ts', 'a-b.ts', 'B.ts'];
    const base = await tempTree(Object.fromEntries(files.map((file) => [`${dir}/${file}`, fnModule('ping', file)])));
    try {
      const first = await load(base);
      expect(first.definitions.map(({ name, source }) => [name, source])).toEqual([
        ['ping', `${dir}/B.ts#ping`],
        ['ping_2', `${dir}/a-b.ts#ping`],
        ['ping_3', `${dir}/a.ts#ping`],
        ['ping_4', `${dir}/a/z.ts#ping`],
        ['ping_5', `${dir}/z.ts#ping`],
      ]);
      const again = await load(base);
      expect(namesOf(again)).toEqual(namesOf(first));
      expect(await tool(again, 'ping_4').run({}, context())).toBe('a/z.ts');
    } finally {
      await removeTree(base);
    }
  });
});
