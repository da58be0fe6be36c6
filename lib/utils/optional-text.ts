/** A trimmed, non-empty string, or undefined for anything else. */
export function optionalText(value: unknown): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
}
