// `--compare old.json`: per-cell ratios new/old and a verdict, as a text table and as Markdown.
import type { BenchCell, BenchResult } from './schema.js';

/** Ratios beyond ±10 % of the median or p95 total time count as a change; within it, noise. */
export const COMPARE_TOLERANCE = 0.1;

/** Ratios new/old of one cell present in both results (null where either value is missing). */
export interface CellComparison {
  mode: string;
  concurrency: number;
  text: string;
  ratios: { ttfbMedian: number | null; ttfbP95: number | null; totalMedian: number | null; totalP95: number | null; rtfMedian: number | null; requestsPerSecond: number | null };
  /** slower: median or p95 total time up by more than the tolerance; faster: median down by more, p95 not up; else same. */
  verdict: 'faster' | 'slower' | 'same' | 'n/a';
}

/** The comparison of two results. */
export interface Comparison {
  old: { label: string; startedAt: string };
  cells: CellComparison[];
  /** Cells in only one of the results (`mode c=N text`). */
  unmatched: string[];
  /** Differences that make the ratios less meaningful (target, knobs, machine). */
  notes: string[];
}

/** Compares the cells both results have. */
export function compareResults(old: BenchResult, current: BenchResult): Comparison {
  const key = (cell: BenchCell): string => `${cell.mode} c=${cell.concurrency} ${cell.text}`;
  const olds = new Map(old.cells.map((cell) => [key(cell), cell]));
  const cells = current.cells.flatMap((cell) => {
    const before = olds.get(key(cell));
    return before === undefined ? [] : [compareCell(before, cell)];
  });
  const matched = new Set(cells.map((cell) => `${cell.mode} c=${cell.concurrency} ${cell.text}`));
  const unmatched = [...old.cells, ...current.cells].map(key).filter((name, i, all) => !matched.has(name) && all.indexOf(name) === i);
  return { old: { label: old.target.label, startedAt: old.startedAt }, cells, unmatched, notes: notes(old, current) };
}

function compareCell(old: BenchCell, current: BenchCell): CellComparison {
  const ratios = {
    ttfbMedian: ratio(current.ttfbMs?.median, old.ttfbMs?.median),
    ttfbP95: ratio(current.ttfbMs?.p95, old.ttfbMs?.p95),
    totalMedian: ratio(current.totalMs?.median, old.totalMs?.median),
    totalP95: ratio(current.totalMs?.p95, old.totalMs?.p95),
    rtfMedian: ratio(current.rtf?.median, old.rtf?.median),
    requestsPerSecond: ratio(current.requestsPerSecond, old.requestsPerSecond),
  };
  return { mode: current.mode, concurrency: current.concurrency, text: current.text, ratios, verdict: verdict(ratios.totalMedian, ratios.totalP95) };
}

function verdict(median: number | null, p95: number | null): CellComparison['verdict'] {
  if (median === null || p95 === null) return 'n/a';
  if (median > 1 + COMPARE_TOLERANCE || p95 > 1 + COMPARE_TOLERANCE) return 'slower';
  return median < 1 - COMPARE_TOLERANCE ? 'faster' : 'same';
}

function ratio(current: number | undefined, old: number | undefined): number | null {
  return current === undefined || old === undefined || old === 0 ? null : current / old;
}

function notes(old: BenchResult, current: BenchResult): string[] {
  const found: string[] = [];
  if (old.target.label !== current.target.label) found.push(`targets differ: ${old.target.label} -> ${current.target.label}`);
  if (JSON.stringify(old.target.knobs) !== JSON.stringify(current.target.knobs)) found.push(`double knobs differ: ${knobText(old)} -> ${knobText(current)}`);
  if (old.environment.cores !== current.environment.cores || old.environment.cpuModel !== current.environment.cpuModel) {
    found.push(`machines differ: ${old.environment.cores} x ${old.environment.cpuModel} -> ${current.environment.cores} x ${current.environment.cpuModel}`);
  }
  if (old.config.runs !== current.config.runs) found.push(`rounds per cell differ: ${old.config.runs} -> ${current.config.runs}`);
  return found;
}

function knobText(result: BenchResult): string {
  return Object.entries(result.target.knobs).map(([name, value]) => `${name}=${value}`).join(' ') || '(none)';
}
