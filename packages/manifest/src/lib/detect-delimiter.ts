/** Guessing a CSV delimiter (`;` `,` tab `|`) from the first lines of a file. */

const CANDIDATES = [';', ',', '\t', '|'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

function countOutsideQuotes(line: string, ch: string, quote: string): number {
  let n = 0;
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === quote) inQuote = !inQuote;
    else if (c === ch && !inQuote) n++;
  }
  return n;
}

/**
 * Picks the delimiter that occurs on the first (header) line and the same number of times on
 * most of the following lines (up to 20); ties go to the larger count. undefined when no
 * candidate occurs on the first line.
 */
export function detectDelimiter(text: string, skipLines: number, quote: string): Delimiter | undefined {
  const lines = text
    .split('\n')
    .slice(skipLines, skipLines + 40)
    .map((l) => l.replace(/\r$/u, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  // drop a last line that may be cut off by the end of the sample
  if (lines.length > 2) lines.pop();
  const first = lines[0];
  if (first === undefined) return undefined;
  let best: { d: Delimiter; same: number; count: number } | undefined;
  for (const d of CANDIDATES) {
    const count = countOutsideQuotes(first, d, quote);
    if (count === 0) continue;
    const same = lines.filter((l) => countOutsideQuotes(l, d, quote) === count).length;
    if (best === undefined || same > best.same || (same === best.same && count > best.count)) best = { d, same, count };
  }
  return best?.d;
}
