// The comparison as text (printed by `bench --compare`) and as a Markdown section of bench.md.
import type { CellComparison, Comparison } from './compare.js';
import { COMPARE_TOLERANCE } from './compare.js';

const COLUMNS = ['mode', 'conc', 'text', 'ttfb p50', 'ttfb p95', 'total p50', 'total p95', 'RTF p50', 'req/s', 'verdict'] as const;

/** Aligned plain-text table, one line per cell. */
export function comparisonText(comparison: Comparison, oldFile: string): string {
  const rows = comparison.cells.map(row);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [
    `compared with ${oldFile} (${comparison.old.label}, ${comparison.old.startedAt}): ratios new/old`,
    ...legendLines(),
    ...comparison.notes.map((note) => `note: ${note}`),
    line(COLUMNS),
    ...rows.map(line),
    ...(comparison.unmatched.length === 0 ? [] : [`in one result only: ${comparison.unmatched.join(', ')}`]),
    '',
  ].join('\n');
}

/** The same as a Markdown section. */
export function comparisonMarkdown(comparison: Comparison, oldFile: string): string {
  return [
    `## Comparison with \`${oldFile}\``,
    '',
    `Old run: ${comparison.old.label}, ${comparison.old.startedAt}. Ratios are new / old.`,
    ...legendLines().map((text) => `${text}  `),
    ...comparison.notes.map((note) => `**Note:** ${note}  `),
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...comparison.cells.map((cells) => `| ${row(cells).join(' | ')} |`),
    ...(comparison.unmatched.length === 0 ? [] : ['', `In one result only: ${comparison.unmatched.join(', ')}.`]),
    '',
  ].join('\n');
}

function legendLines(): string[] {
  const percent = Math.round(COMPARE_TOLERANCE * 100);
  return [`times: < 1 is faster; RTF and req/s: > 1 is better; verdict from total time p50/p95, within ±${percent} % is "same"`];
}

function row(cell: CellComparison): string[] {
  const r = cell.ratios;
  return [cell.mode, String(cell.concurrency), cell.text, fmt(r.ttfbMedian), fmt(r.ttfbP95), fmt(r.totalMedian), fmt(r.totalP95), fmt(r.rtfMedian), fmt(r.requestsPerSecond), cell.verdict];
}

function fmt(ratio: number | null): string {
  return ratio === null ? '-' : `${ratio.toFixed(2)}x`;
}
