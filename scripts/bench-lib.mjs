// Small helpers shared by the benchmark scripts: timing, percentiles, aligned tables.
import { percentile as sortedPercentile } from '../dist/src/bench/stats.js';

/** Runs fn once and returns its wall time in milliseconds. */
export async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The p-th percentile (0..100) of numbers, by nearest rank (the harness's own definition). */
export function percentile(values, p) {
  return sortedPercentile([...values].sort((a, b) => a - b), p);
}

/** The median of numbers. */
export function median(values) {
  return percentile(values, 50);
}

/** Prints [label, ms] rows aligned under a title. */
export function printTable(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, ms] of rows) console.log(`  ${label.padEnd(width)}  ${ms.toFixed(1).padStart(9)} ms`);
}
