// Order statistics of a cell's measurements: nearest-rank percentiles, so every value reported was measured.

/** Median, 95th percentile, min and max of a set of measurements (n of them). */
export interface BenchStats {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/**
 * The p-th percentile (0 < p <= 100) by nearest rank: the smallest value with at least p % of the values
 * at or below it (the ceil(p/100 × n)-th smallest). No interpolation: with 4 values, p95 is the maximum.
 */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  const value = sorted[rank - 1];
  if (value === undefined) throw new RangeError('percentile of no values');
  return value;
}

/** The statistics of `values`, or null when there are none (every request of a cell failed). */
export function summarize(values: readonly number[]): BenchStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), min: percentile(sorted, 0), max: percentile(sorted, 100) };
}
