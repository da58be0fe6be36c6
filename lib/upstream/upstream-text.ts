const REDACTED = '[redacted]';

// C0 and C1 controls, and the two line breaks JavaScript also counts, but not the tab.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Upstream text made safe to log or answer: every secret redacted first (so none can straddle
 * the cut), then cut to `max` characters, then control characters escaped, so no upstream
 * text (nor a field it echoes) can forge a log line.
 */
export function safeUpstreamText(text: string, secrets: readonly (string | undefined)[], max: number): string {
  let redacted = text;
  for (const secret of secrets) if (secret) redacted = redacted.replaceAll(secret, REDACTED);
  const cut = redacted.length > max ? `${redacted.slice(0, max)}…` : redacted;
  return escapeControlCharacters(cut);
}

/** `\n` → `\\n`, other controls → `\\u00XX`. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (char) =>
    char === '\n' ? '\\n' : char === '\r' ? '\\r' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
