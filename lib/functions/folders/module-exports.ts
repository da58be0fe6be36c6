/**
 * A module's exports as an ES module offers them, sorted by name so every runtime names tools alike.
 *
 * Imported CommonJS (what `nest build` emits by default) arrives as `{ default: module.exports }` next
 * to the names Node detected, plus `__esModule` and, on Node 23+, `'module.exports'`. Its exports are
 * the members of `module.exports`: recognized by the `__esModule` flag of compiled TypeScript, or by
 * a default object that holds exactly the other exports (plain CommonJS, or Vitest's own interop).
 */
export function moduleExports(namespace: Record<string, unknown>): [string, unknown][] {
  const main = namespace.default;
  const named = Object.entries(namespace).filter(([name]) => !INTEROP_NAMES.has(name));
  const commonJs = isObject(main) && (Reflect.get(main, '__esModule') === true || mirrors(main, named));
  const entries = commonJs ? Object.entries(main) : Object.entries(namespace).filter(([name]) => name !== 'module.exports');
  return entries.sort(([a], [b]) => byCodeUnits(a, b));
}

export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const INTEROP_NAMES: ReadonlySet<string> = new Set(['default', '__esModule', 'module.exports']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mirrors(main: Record<string, unknown>, named: [string, unknown][]): boolean {
  return (
    named.length > 0 &&
    Object.keys(main).length === named.length &&
    named.every(([name, value]) => Object.hasOwn(main, name) && main[name] === value)
  );
}
