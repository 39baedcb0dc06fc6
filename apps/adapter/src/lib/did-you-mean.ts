import leven from 'leven';

/**
 * The candidate closest to `word` (case-insensitive), when it is close enough to be a typo: at most
 * a third of the word's letters wrong (at least one), or `word` is a prefix of exactly one candidate.
 *
 * @example
 * didYouMean('servce', ['service', 'store']); // 'service'
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const list = [...candidates];
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of list) {
    const distance = leven(w, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best !== undefined && best.distance <= Math.max(1, Math.floor(w.length / 3))) return best.candidate;
  const prefixed = w.length >= 2 ? list.filter((c) => c.toLowerCase().startsWith(w)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
