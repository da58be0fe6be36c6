/** The UTF-8 length of `JSON.stringify(value)`, counted without recursion, so no nesting can overflow the stack. */
export function jsonByteLength(value: unknown): number {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null) {
      bytes += Buffer.byteLength(JSON.stringify(item) ?? 'null');
      continue;
    }
    const entries = Array.isArray(item) ? item.map((member) => [undefined, member] as const) : Object.entries(item).filter(([, member]) => member !== undefined);
    bytes += 2 + Math.max(0, entries.length - 1);
    for (const [key, member] of entries) {
      if (key !== undefined) bytes += Buffer.byteLength(JSON.stringify(key)) + 1;
      pending.push(member);
    }
  }
  return bytes;
}
