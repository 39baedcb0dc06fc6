/**
 * Formats a moment as Customs' wire instant `yyyy-MM-ddTHH:mm:ssZ` (UTC, milliseconds truncated).
 *
 * @throws TypeError for an invalid date or a non-finite number.
 * @example formatInstant(Date.UTC(2025, 2, 1, 8, 15, 0, 999)) // '2025-03-01T08:15:00Z'
 */
export function formatInstant(date: Date | number): string {
  const ms = typeof date === 'number' ? date : date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new TypeError(`formatInstant: not a valid date: ${String(date)}`);
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new TypeError(`formatInstant: year ${year} outside 0000..9999`);
  return `${d.toISOString().slice(0, 19)}Z`;
}
