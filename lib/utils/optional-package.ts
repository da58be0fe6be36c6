import { packageRequire } from './package-context.cjs';

/**
 * An optional peer dependency as the app installed it, or undefined when it did not. Required,
 * not imported, so it loads synchronously and only when asked for; a package that is there but
 * fails to load still throws.
 */
export function optionalPackage<T>(name: string): T | undefined {
  try {
    return packageRequire(name) as T;
  } catch (error) {
    if (isNotFound(error, name)) return undefined;
    throw error;
  }
}

function isNotFound(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${name}'`);
}
