/** The names nearest to a typo (edit distance via `leven`), for "did you mean" hints. */
import leven from 'leven';

/**
 * Up to `max` of `candidates` closest to `wanted` (ignoring case, spaces, `_` and `-`), nearest
 * first: names within an edit distance of a third of their length (whole path or last step), or
 * containing one another.
 *
 * @example nearestNames('Bruttovekt kg', ['Brutto vekt', 'Kolli']) // ['Brutto vekt']
 */
export function nearestNames(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const norm = (s: string): string => s.toLowerCase().replace(/[\s_-]+/gu, '');
  const w = norm(wanted);
  const scored: { name: string; d: number }[] = [];
  const within = (a: string, b: string): number | undefined => {
    const d = leven(a, b);
    const longer = Math.max(a.length, b.length);
    return d <= (longer < 5 ? 1 : Math.max(2, Math.floor(longer / 3))) ? d : undefined;
  };
  const wTail = w.slice(w.lastIndexOf('.') + 1);
  for (const name of new Set(candidates)) {
    const n = norm(name);
    const full = within(w, n);
    const tail = n === w ? undefined : within(wTail, n.slice(n.lastIndexOf('.') + 1));
    const contains = w.length >= 3 && n.length >= 3 && (n.includes(w) || w.includes(n)) ? Math.abs(n.length - w.length) : undefined;
    const d = Math.min(full ?? Infinity, tail === undefined ? Infinity : tail + 1, contains ?? Infinity);
    if (d !== Infinity) scored.push({ name, d });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  const best = scored[0]?.d ?? 0;
  // Only names about as near as the nearest: a clear match is not buried among distant ones.
  return scored.filter((s) => s.d <= best + 1).slice(0, max).map((s) => s.name);
}

/** `; nearest: "A", "B"` or '' when nothing is near. */
export function nearestText(wanted: string, candidates: Iterable<string>): string {
  const near = nearestNames(wanted, candidates);
  return near.length === 0 ? '' : `; nearest in the file: ${near.map((n) => JSON.stringify(n)).join(', ')}`;
}
