// "Did you mean" for key names (and enum words). xl silently ignores unknown keys, so a typo
// such as `memmory = 2048` costs a guest its memory setting without any message; suggesting the
// nearest known name is the cheapest way to catch that.

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein restricted to non-overlapping
 * transpositions): insertions, deletions, substitutions and swaps of adjacent characters cost 1.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  if (Math.abs(n - m) > max) return max + 1;
  // Three rolling rows are enough for the transposition lookback; reused across calls.
  if (ROWS[0].length <= m) for (let k = 0; k < 3; k++) ROWS[k] = new Uint16Array(2 * (m + 1));
  let [prev2, prev, cur] = ROWS;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Distances never shrink from one row to the next: past `max` the answer is only "too far".
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

const ROWS: Uint16Array[] = [new Uint16Array(64), new Uint16Array(64), new Uint16Array(64)];

/** Largest distance still worth suggesting: 1 for short names, about a third of the length beyond. */
export function suggestionThreshold(name: string): number {
  return Math.max(1, Math.floor(name.length / 3));
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo; ties go to the
 * candidate seen first. Comparison ignores ASCII case (xl keys are lowercase, typos often are not).
 * An exact match is not a suggestion, so it returns undefined. `limit` is the largest distance
 * still suggested (default: suggestionThreshold; the sub-language parsers use a flat 2).
 */
export function didYouMean(
  name: string,
  candidates: Iterable<string>,
  limit = suggestionThreshold(name.toLowerCase()),
): string | undefined {
  const needle = name.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === needle) return c === name ? undefined : c;
    // Cheap length filter before the quadratic distance.
    if (Math.abs(cl.length - needle.length) > limit) continue;
    const d = editDistance(needle, cl, limit);
    if (d <= limit && d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}
