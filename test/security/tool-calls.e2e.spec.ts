import { type CanActivate, Injectable, Module, type OnModuleInit, UseGuards } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionRegistry, NavaiModule, NavaiTool, type StandardSchemaLike } from '../../lib/index.js';
import { expectCleanAnswer, watchProcess } from '../faults/fault-kit.js';
import { startApp, type TestApp } from '../support/test-app.js';

const EXECUTE = '/navai/functions/execute';

/** A Standard Schema whose validation never settles (an async refinement waiting on a dead service). */
const stuckSchema: StandardSchemaLike = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: () => new Promise(() => {}),
    jsonSchema: { input: () => ({ type: 'object', properties: {} }) },
  },
};

const hostile = new Proxy(
  {},
  {
    getPrototypeOf() {
      throw hostile;
    },
  },
);
const revocable = Proxy.revocable({}, {});
revocable.revoke();

@Injectable()
class HostileGuard implements CanActivate {
  canActivate(): boolean {
    throw hostile;
  }
}

@Injectable()
class OddTools {
  static ran: string[] = [];

  @NavaiTool({ parameters: stuckSchema, timeoutMs: 200 })
  stuckValidation() {
    OddTools.ran.push('stuck_validation');
    return 'ran';
  }

  @NavaiTool()
  lookup() {
    OddTools.ran.push('lookup');
    return 'looked up';
  }

  @NavaiTool()
  throwsHostileProxy() {
    throw hostile;
  }

  @NavaiTool()
  async rejectsHostileProxy() {
    throw hostile;
  }

  @NavaiTool()
  throwsRevokedProxy() {
    throw revocable.proxy;
  }

  @UseGuards(HostileGuard)
  @NavaiTool()
  guardThrowsHostileProxy() {
    OddTools.ran.push('guard_throws_hostile_proxy');
    return 'ran';
  }
}

@Module({ providers: [OddTools, HostileGuard] })
class OddModule {}

describe('odd calls', () => {
  let app: TestApp;
  let watch: ReturnType<typeof watchProcess>;
  beforeAll(async () => {
    watch = watchProcess();
    app = await startApp([OddModule, NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none' })]);
  });
  afterAll(async () => {
    await app.close();
    watch.stop();
  });

  it('bounds validation by the timeout too: a validator that never settles answers 504, and the tool never runs', async () => {
    const started = Date.now();
    const res = await app.request('POST', EXECUTE, { function_name: 'stuck_validation', payload: {} });
    expect(res.status).toBe(504);
    expect(res.json).toMatchObject({ ok: false, function_name: 'stuck_validation', code: 'TIMEOUT', details: 'The tool did not finish within 200 ms.' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(OddTools.ran).not.toContain('stuck_validation');
  });

  it.each(['throws_hostile_proxy', 'rejects_hostile_proxy', 'throws_revoked_proxy', 'guard_throws_hostile_proxy'])(
    'answers %s with the 500 envelope, and keeps serving',
    async (name) => {
      const res = await app.request('POST', EXECUTE, { function_name: name });
      expectCleanAnswer(res);
      expect(res.status).toBe(500);
      expect(res.json).toEqual({
        ok: false,
        function_name: name,
        code: 'EXECUTION_FAILED',
        error: 'The tool failed.',
        details: expect.stringMatching(/^The tool failed unexpectedly\. Reference: /),
        correlation_id: expect.any(String),
      });
      expect((await app.request('POST', EXECUTE, { function_name: 'lookup' })).status).toBe(200);
      expect(watch.failures).toEqual([]);
      expect(OddTools.ran).not.toContain('guard_throws_hostile_proxy');
    },
  );

  it.each([
    ['the Kelvin sign, which lower-cases to k', 'loo\u212Aup'],
    ['a dotless i', 'l\u0131st'],
    ['a long s', '\u017Fecret'],
  ])('refuses a name with %s, before any lookup', async (_, name) => {
    OddTools.ran = [];
    const res = await app.request('POST', EXECUTE, { function_name: name });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ ok: false, code: 'INVALID_REQUEST', error: 'Invalid function_name.' });
    expect(OddTools.ran).toEqual([]);
  });

  it('still folds ASCII case', async () => {
    expect((await app.request('POST', EXECUTE, { function_name: ' LookUp ' })).json.result).toBe('looked up');
  });
});

describe("a tool's own timeoutMs is checked when it is registered", () => {
  it.each([Number.POSITIVE_INFINITY, 1e10, Number.NaN, -5, 0, 2.5])('a decorated tool with timeoutMs %s stops startup, naming it', async (timeoutMs) => {
    @Injectable()
    class Slow {
      @NavaiTool({ timeoutMs })
      slowTool() {
        return 'ran';
      }
    }
    @Module({ providers: [Slow] })
    class SlowModule {}
    await expect(startApp([SlowModule, NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none' })])).rejects.toThrow(
      `Invalid timeoutMs of tool "slow_tool" (Slow#slowTool): ${String(timeoutMs)}. Expected an integer from 1 to 600000.`,
    );
  });

  it('a runtime tool with timeoutMs Infinity is refused by register()', async () => {
    let thrown: unknown;
    @Injectable()
    class Registers implements OnModuleInit {
      constructor(private readonly registry: FunctionRegistry) {}
      onModuleInit() {
        try {
          this.registry.register({ name: 'forever', timeoutMs: Number.POSITIVE_INFINITY, run: () => 'ran' });
        } catch (error) {
          thrown = error;
        }
      }
    }
    @Module({ imports: [NavaiModule.forRoot({ functionsFolders: 'test/fixtures/none' })], providers: [Registers] })
    class RegistersModule {}
    const app = await startApp([RegistersModule]);
    await app.close();
    expect(String(thrown)).toContain('Invalid timeoutMs of tool "forever" (runtime): Infinity. Expected an integer from 1 to 600000.');
  });
});
