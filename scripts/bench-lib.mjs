// Small helpers shared by the benchmark scripts: timing, percentiles, aligned tables, the double's runtime.
import { devNull } from 'node:os';
import { join } from 'node:path';
import { buildDoubleWheelhouse, provision } from '../dist/src/index.js';
import { percentile as sortedPercentile } from '../dist/src/bench/stats.js';

/**
 * The double's wheelhouse must be the only source of its packages: a machine's pip configuration (a config
 * file, PIP_FIND_LINKS…) can offer a real torch of the double's version, which pip prefers (these machines
 * do). The test suite drops the same settings (test/support/global-setup.ts).
 */
export function isolatePip() {
  process.env.PIP_CONFIG_FILE = devNull;
  for (const name of ['PIP_FIND_LINKS', 'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'UV_INDEX_URL', 'UV_EXTRA_INDEX_URL', 'UV_FIND_LINKS']) delete process.env[name];
}

/** Builds the double's wheelhouse in root/wheels and provisions it into root/home (pip, isolated). */
export async function provisionDouble(root) {
  isolatePip();
  const wheelhouse = (await buildDoubleWheelhouse({ out: join(root, 'wheels') })).dir;
  return provision({ home: join(root, 'home'), wheelhouse, installer: 'pip' });
}

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
