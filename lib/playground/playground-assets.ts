import { join } from 'node:path';
import { packageDir } from '../utils/package-context.cjs';

/** The folder of the playground's page, script and style sheet: shipped as they are, for both builds. */
export function playgroundAssetsDir(): string {
  return join(packageDir(), 'lib', 'playground', 'assets');
}
