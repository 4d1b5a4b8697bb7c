import { describe, expect, it } from 'vitest';
import { balancedCuts, planFanOut, splitSentences } from '../../../src/engines/pool/index.js';

describe('splitSentences (pocket-tts sentence boundaries: . ! ? then white space)', () => {
  it.each([
    ['One. Two! Three? Four', ['One.', 'Two!', 'Three?', 'Four']],
    ['  Leading and trailing.  ', ['Leading and trailing.']],
    ['No boundary here', ['No boundary here']],
    ['Decimal 3.14 stays. Next', ['Decimal 3.14 stays.', 'Next']],
    ['Line\nbreaks.\n\nParagraph two.', ['Line\nbreaks.', 'Paragraph two.']],
    ['Quoted "end." Then', ['Quoted "end." Then']],
    ['Ellipsis... then more', ['Ellipsis...', 'then more']],
    ['', []],
  ])('%j', (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('balancedCuts (where parts 2..k start)', () => {
  it.each([
    [[10, 10, 10, 10], 2, [2]],
    [[10, 10, 10, 10], 4, [1, 2, 3]],
    [[30, 5, 5, 5, 5], 2, [1]],
    [[5, 5, 5, 5, 30], 2, [4]],
    [[1, 1], 2, [1]],
    [[100, 1, 1], 3, [1, 2]],
    [[10, 20, 30, 40], 3, [2, 3]],
  ])('%j into %i parts', (lengths, k, cuts) => {
    expect(balancedCuts(lengths, k)).toEqual(cuts);
  });
});

describe('planFanOut', () => {
  const eight = Array.from({ length: 8 }, (_, i) => `Sentence ${i} has some words.`).join(' ');

  it.each([
    ['short text', 'Short. Text.', { minChars: 100, maxParts: 2 }, 1],
    ['one worker', eight, { minChars: 10, maxParts: 1 }, 1],
    ['fan-out off', eight, { minChars: 0, maxParts: 4 }, 1],
    ['one sentence', 'x'.repeat(500), { minChars: 10, maxParts: 4 }, 1],
    ['two workers', eight, { minChars: 10, maxParts: 2 }, 2],
    ['more workers than sentences', 'A b. C d. E f.', { minChars: 1, maxParts: 8 }, 3],
  ])('%s', (_name, text, options, parts) => {
    expect(planFanOut(text, options).parts).toHaveLength(parts);
  });

  it('keeps every sentence whole and in order', () => {
    const { parts } = planFanOut(eight, { minChars: 10, maxParts: 3 });
    expect(parts.flatMap(splitSentences)).toEqual(splitSentences(eight));
    expect(parts.join(' ')).toBe(eight);
  });

  it('returns the text untouched when it does not fan out', () => {
    const text = '  Spaces   kept.\n';
    expect(planFanOut(text, { minChars: 1_000, maxParts: 2 }).parts).toEqual([text]);
  });
});
