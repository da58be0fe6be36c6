/** What a payload may not be: too deep, too large, or carrying keys that reach prototypes. */
export interface PayloadLimits {
  maxDepth: number;
  maxValues: number;
}

export type PayloadProblem =
  | { kind: 'depth' }
  | { kind: 'size' }
  | { kind: 'key'; key: string };

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** One iterative walk (no recursion to overflow), stopping at the first problem. */
export function findPayloadProblem(payload: object, limits: PayloadLimits): PayloadProblem | undefined {
  const stack: Array<[value: unknown, depth: number]> = [[payload, 1]];
  let values = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.maxDepth) return { kind: 'depth' };
    const keys = Object.keys(value);
    values += keys.length;
    if (values > limits.maxValues) return { kind: 'size' };
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) return { kind: 'key', key };
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}
