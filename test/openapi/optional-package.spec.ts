import { describe, expect, it } from 'vitest';
import { optionalPackage } from '../../lib/utils/optional-package.js';

// Paths are resolved from lib/utils, where the helper lives.
describe('optionalPackage', () => {
  it('gives an installed package', () => {
    expect(typeof optionalPackage<{ ApiTags: unknown }>('@nestjs/swagger')?.ApiTags).toBe('function');
  });

  it('gives undefined for a package that is not installed', () => {
    expect(optionalPackage('@nestjs/not-a-package')).toBeUndefined();
    expect(optionalPackage('../../test/fixtures/optional/missing.cjs')).toBeUndefined();
  });

  it('throws when the package is there but fails to load', () => {
    expect(() => optionalPackage('../../test/fixtures/optional/broken.cjs')).toThrow('this module is broken');
  });
});
