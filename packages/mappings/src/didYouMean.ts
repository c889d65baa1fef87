import { distance } from 'fastest-levenshtein';

/**
 * The allowed word closest to `given`, when it is close enough to be a likely typo: any difference in
 * case only, or a small edit distance (two edits, or one per three characters in longer words).
 *
 * @example didYouMean('primarykey', ['primaryKey', 'warehouse']) // 'primaryKey'
 */
export function didYouMean(given: string, allowed: readonly string[]): string | undefined {
  const needle = given.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const d = distance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(given.length / 3));
  return bestDistance <= limit ? best : undefined;
}
