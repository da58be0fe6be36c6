// A folder tool in TypeScript: under the test runner it is loaded through the runner's own transform.
export function echo(value: unknown): { echoed: unknown } {
  return { echoed: value };
}
