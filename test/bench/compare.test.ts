import { describe, expect, it } from 'vitest';
import { compareResults, comparisonMarkdown, comparisonText } from '../../src/bench/index.js';
import { syntheticResult } from './support.js';

describe('--compare', () => {
  it('gives ratios of 1 and "same" for identical results', () => {
    const comparison = compareResults(syntheticResult(), syntheticResult());
    expect(comparison.cells).toHaveLength(18);
    expect(comparison.unmatched).toEqual([]);
    expect(comparison.notes).toEqual([]);
    for (const cell of comparison.cells) {
      expect(cell.verdict).toBe('same');
      for (const ratio of Object.values(cell.ratios)) expect(ratio).toBeCloseTo(1, 10);
    }
  });

  it('calls a cell slower or faster only beyond ±10 % of the total time', () => {
    expect(compareResults(syntheticResult(), syntheticResult({ scale: 1.2 })).cells[0]?.verdict).toBe('slower');
    expect(compareResults(syntheticResult(), syntheticResult({ scale: 0.8 })).cells[0]?.verdict).toBe('faster');
    expect(compareResults(syntheticResult(), syntheticResult({ scale: 1.05 })).cells[0]?.verdict).toBe('same');
    const half = compareResults(syntheticResult(), syntheticResult({ scale: 0.5 })).cells[0];
    expect(half?.ratios.totalMedian).toBeCloseTo(0.5);
    expect(half?.ratios.rtfMedian).toBeCloseTo(2);
    expect(half?.ratios.requestsPerSecond).toBeCloseTo(2);
  });

  it('lists cells in one result only and notes differences in target and knobs', () => {
    const comparison = compareResults(syntheticResult({ concurrency: [1, 2] }), syntheticResult({ concurrency: [1, 4], double: false }));
    expect(comparison.cells).toHaveLength(6);
    expect(comparison.unmatched).toContain('cli c=2 short');
    expect(comparison.unmatched).toContain('server c=4 long');
    expect(comparison.notes.join('\n')).toMatch(/targets differ: .*contract double.* -> pocket-tts 2\.1\.0/);
    expect(comparison.notes.join('\n')).toMatch(/double knobs differ: LOAD_MS=50 .* -> \(none\)/);
  });

  it('prints an aligned table with a ratio per column and a verdict per cell', () => {
    const text = comparisonText(compareResults(syntheticResult(), syntheticResult({ scale: 2 })), 'old.json');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^compared with old\.json \(pocket-tts 2\.1\.0\+double \(contract double\), 2026-01-02T03:04:05\.000Z\): ratios new\/old$/);
    const header = lines.findIndex((line) => line.startsWith('mode'));
    expect(lines[header]).toMatch(/^mode\s+conc\s+text\s+ttfb p50\s+ttfb p95\s+total p50\s+total p95\s+RTF p50\s+req\/s\s+verdict$/);
    expect(lines[header + 1]).toMatch(/^cli\s+1\s+short\s+2\.00x\s+2\.00x\s+2\.00x\s+2\.00x\s+0\.50x\s+0\.50x\s+slower$/);
    expect(lines.slice(header + 1)).toHaveLength(18);
    expect(comparisonMarkdown(compareResults(syntheticResult(), syntheticResult()), 'old.json')).toContain('| cli | 1 | short | 1.00x | 1.00x | 1.00x | 1.00x | 1.00x | 1.00x | same |');
  });
});
