import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../src/bench/index.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('nearest-rank statistics', () => {
  it('returns measured values only: the ceil(p/100 × n)-th smallest', () => {
    expect(percentile(range(4), 50)).toBe(2);
    expect(percentile(range(4), 95)).toBe(4);
    expect(percentile(range(20), 95)).toBe(19);
    expect(percentile(range(100), 95)).toBe(95);
    expect(percentile(range(5), 50)).toBe(3);
  });

  it('summarizes unsorted values, and nothing as null', () => {
    expect(summarize([30, 10, 20])).toEqual({ n: 3, median: 20, p95: 30, min: 10, max: 30 });
    expect(summarize([7])).toEqual({ n: 1, median: 7, p95: 7, min: 7, max: 7 });
    expect(summarize([])).toBeNull();
  });
});
