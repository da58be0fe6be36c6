import { beforeAll, describe, expect, it } from 'vitest';
import type { FolderFunctionsResult } from '../../../lib/functions/folders/folder-functions.loader.js';
import type { NavaiPayload } from '../../../lib/interfaces/navai-function.interface.js';
import { context, fixture, load, tool } from './folder-test-kit.js';

let result: FolderFunctionsResult;
beforeAll(async () => {
  result = await load(fixture('invocation'));
});

const ctx = context('calls');
const run = (name: string, payload: NavaiPayload) => tool(result, name).run(payload, ctx);

describe('function arguments', () => {
  it('loads the invocation fixture without warnings', () => {
    expect(result.warnings).toEqual([]);
    expect(result.definitions.map(({ name }) => name)).toEqual([
      'account_describe',
      'account_pair',
      'counter_add',
      'fails',
      'later',
      'none',
      'one',
      'two',
    ]);
  });

  it('spreads an `args` array as the argument list', async () => {
    expect(await run('none', { args: [1, 'two', { three: 3 }], value: 'ignored' })).toEqual([1, 'two', { three: 3 }]);
  });

  it('passes an empty `args` array as no arguments, then the context where a parameter is left', async () => {
    expect(await run('none', { args: [] })).toEqual([]);
    expect(await run('one', { args: [] })).toEqual([ctx]);
    expect(await run('two', { args: [] })).toEqual([ctx]);
  });

  it('passes `value` as the one argument, even when it is undefined', async () => {
    expect(await run('none', { value: { city: 'Lima' }, other: true })).toEqual([{ city: 'Lima' }]);
    expect(await run('none', { value: undefined })).toEqual([undefined]);
  });

  it('passes any other non-empty payload whole', async () => {
    expect(await run('none', { city: 'Lima', days: 2 })).toEqual([{ city: 'Lima', days: 2 }]);
    expect(await run('none', { args: 'not an array' })).toEqual([{ args: 'not an array' }]);
  });

  it('passes nothing for an empty payload', async () => {
    expect(await run('none', {})).toEqual([]);
  });

  it('appends the context only when the function declares more parameters than it got', async () => {
    expect(await run('one', { value: 'x' })).toEqual(['x']);
    expect(await run('one', {})).toEqual([ctx]);
    expect(await run('two', { value: 'x' })).toEqual(['x', ctx]);
    expect(await run('two', { args: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(await run('two', { args: ['x', 'y', 'z'] })).toEqual(['x', 'y', 'z']);
  });

  it('awaits async tools and passes their failures on', async () => {
    expect(await run('later', { value: 1 })).toEqual([1]);
    await expect(run('fails', {})).rejects.toThrow('tool failed');
  });

  it('calls an object member with the object as `this`', async () => {
    expect(await run('counter_add', { value: 5 })).toBe(15);
  });
});

describe('class method arguments', () => {
  it('builds a fresh instance per call from `constructorArgs` and spreads `methodArgs`', async () => {
    expect(await run('account_describe', { constructorArgs: ['ada'], methodArgs: ['first'] })).toEqual(['ada', 'first']);
    expect(await run('account_describe', { constructorArgs: ['bob'], methodArgs: ['second'] })).toEqual(['bob', 'second']);
    expect(await run('account_describe', { methodArgs: ['third'] })).toEqual([undefined, 'third']);
  });

  it('ignores a `constructorArgs` that is not an array', async () => {
    expect(await run('account_describe', { constructorArgs: 'ada', methodArgs: [1] })).toEqual([undefined, 1]);
  });

  it('passes an empty `methodArgs` as no arguments, then the context', async () => {
    expect(await run('account_describe', { methodArgs: [] })).toEqual([undefined, ctx]);
    expect(await run('account_pair', { methodArgs: [] })).toEqual([undefined, ctx]);
    expect(await run('account_pair', { methodArgs: ['a'] })).toEqual([undefined, 'a', ctx]);
    expect(await run('account_pair', { methodArgs: ['a', 'b'] })).toEqual([undefined, 'a', 'b']);
  });

  it('falls back to the function rules for the rest of the payload', async () => {
    expect(await run('account_describe', { constructorArgs: ['ada'], args: ['x'] })).toEqual(['ada', 'x']);
    expect(await run('account_describe', { constructorArgs: ['ada'], value: 'v' })).toEqual(['ada', 'v']);
    expect(await run('account_describe', { constructorArgs: ['ada'], city: 'Lima' })).toEqual(['ada', { city: 'Lima' }]);
    expect(await run('account_describe', { constructorArgs: ['ada'] })).toEqual(['ada', ctx]);
    expect(await run('account_pair', { value: 'v' })).toEqual([undefined, 'v', ctx]);
  });
});
