/** Text for anything a program may throw; never throws itself (a null-prototype object, a hostile getter...). */
export function thrownText(value: unknown, withStack = true): string {
  try {
    return value instanceof Error ? ((withStack ? value.stack : undefined) ?? value.message) : String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '[unprintable value]';
    }
  }
}
