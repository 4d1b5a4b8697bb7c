// The human view of a report: one line per check in fixed order, hints under non-passing lines, a summary.
import { styleText } from 'node:util';
import type { CheckReport, PreflightReport } from './schema.js';

/** Options of {@link renderReport}. */
export interface RenderOptions {
  /** ANSI colours (a terminal without NO_COLOR/CI). */
  color?: boolean;
}

type Style = Parameters<typeof styleText>[0];

const SYMBOLS: Record<CheckReport['status'], { symbol: string; style: Style }> = {
  pass: { symbol: '✓', style: 'green' },
  warn: { symbol: '!', style: 'yellow' },
  fail: { symbol: '✗', style: 'red' },
  skip: { symbol: '-', style: 'gray' },
};

/** The report as lines: `✓ torch  torch 2.13.0+cpu (CPU build)`, `    fix: …`, then the summary line. */
export function renderReport(report: PreflightReport, options: RenderOptions = {}): string[] {
  const paint = (style: Style, text: string): string => (options.color === true ? styleText(style, text, { validateStream: false }) : text);
  const width = Math.max(...report.checks.map((check) => check.id.length));
  const lines: string[] = [];
  for (const check of report.checks) {
    const { symbol, style } = SYMBOLS[check.status];
    lines.push(`${paint(style, symbol)} ${check.id.padEnd(width)}  ${check.message}`);
    if (check.status !== 'pass' && check.hint !== null) lines.push(...hintLines(check.hint, width).map((line) => paint('dim', line)));
  }
  lines.push(summaryLine(report));
  return lines;
}

// Multi-line hints (one fetch command per line) stay aligned under `fix: `.
function hintLines(hint: string, width: number): string[] {
  const indent = ' '.repeat(width + 4);
  return hint.split('\n').map((line, i) => `${indent}${i === 0 ? 'fix: ' : '     '}${line}`);
}

/** `9 passed, 2 warnings, 1 failed, 1 skipped in 412 ms`. */
export function summaryLine(report: PreflightReport): string {
  const { pass, warn, fail, skip } = report.summary;
  return `${pass} passed, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed, ${skip} skipped in ${Math.round(report.durationMs)} ms`;
}
