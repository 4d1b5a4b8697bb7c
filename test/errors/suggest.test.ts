import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/errors/suggest.js';

describe('closestMatch: the one "did you mean" of the package', () => {
  it.each([
    ['', '', 0],
    ['alba', 'alba', 0],
    ['alba', 'albaa', 1],
    ['narator', 'narrator', 1],
    ['mairus', 'marius', 1], // a transposition counts once
    ['kitten', 'sitting', 3],
  ])('editDistance(%s, %s) = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('picks the closest candidate, ignoring case, and nothing when every candidate is far', () => {
    expect(closestMatch('narator', ['alba', 'narrator', 'marius'])).toBe('narrator');
    expect(closestMatch('DOUBLE', ['real', 'double'])).toBe('double');
    expect(closestMatch('limts', ['limits', 'mode', 'timeoutMs'])).toBe('limits');
    expect(closestMatch('wokers', ['workers', 'url', 'host'])).toBe('workers');
    expect(closestMatch('zzzzzzzz', ['alba', 'narrator'])).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });
});
