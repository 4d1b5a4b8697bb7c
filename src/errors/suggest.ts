// The one "did you mean" of the package: the closest of the known names to a mistyped one (voice names,
// option keys). Commander suggests for the CLI's own flags by the same measure.

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b` (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

// A guess is offered only when it is close: at most 3 edits, and under 60 % of the longer name changed.
const MAX_EDITS = 3;
const MIN_SIMILARITY = 0.4;

/** The candidate closest to `value` (case ignored), or undefined when none is close enough to be a typo of it. */
export function closestMatch(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase());
    const similarity = (Math.max(value.length, candidate.length) - distance) / Math.max(value.length, candidate.length, 1);
    if (distance <= MAX_EDITS && similarity > MIN_SIMILARITY && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** ` (did you mean "x"?)` for the closest candidate, or '' when there is none. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const match = closestMatch(value, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
