/**
 * Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date.
 * Returns the wait in milliseconds relative to `nowMs`, never negative, or `undefined` when the
 * header is absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
