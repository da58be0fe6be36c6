import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { expect, it } from 'vitest';

@Injectable()
class Dependency {
  readonly ok = true;
}

@Injectable()
class Consumer {
  constructor(readonly dependency: Dependency) {}
}

// Nest injects by the constructor's emitted parameter types; without them this resolves to undefined.
it('emits decorator metadata, so Nest injects by type under the test transform', async () => {
  expect(Reflect.getMetadata('design:paramtypes', Consumer)).toEqual([Dependency]);
  const module = await Test.createTestingModule({ providers: [Dependency, Consumer] }).compile();
  expect(module.get(Consumer).dependency).toBeInstanceOf(Dependency);
});
