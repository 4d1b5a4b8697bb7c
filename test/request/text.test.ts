import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { prepareText } from '../../src/request/text.js';

function refusal(fn: () => unknown): { code: string; message: string; hint: string; field: string | undefined } {
  try {
    fn();
  } catch (error) {
    if (isTtsError(error)) return { code: error.code, message: error.shortMessage, hint: error.hint, field: error.field };
  }
  throw new Error('expected a refusal');
}

describe('prepareText', () => {
  it.each([
    ['plain text', 'Hello world.', 'Hello world.'],
    ['tabs and newlines are kept', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['bell and escape are stripped', 'a\u0007b\u001b[31mc', 'ab[31mc'],
    ['DEL and C1 controls are stripped', 'a\u007fb\u0085c', 'abc'],
    ['non-ASCII text is untouched', 'Grüße, 日本語 😀', 'Grüße, 日本語 😀'],
  ])('%s', (_, input, expected) => {
    expect(prepareText(input, 'strip', 100)).toBe(expected);
  });

  it.each([
    ['NUL', 'a\u0000b', 'NUL character at index 1'],
    ['a lone surrogate', 'a\ud800b', 'unpaired UTF-16 surrogate'],
    ['blank text', '  \n\t ', 'text is blank'],
    ['only control characters', '\u0007\u0007', 'text is blank'],
    ['over the limit', 'x'.repeat(11), 'text is 11 characters, over the limit of 10'],
  ])('refuses %s with INVALID_INPUT on field text', (_, input, message) => {
    const error = refusal(() => prepareText(input, 'strip', 10));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'text' });
    expect(error.message).toContain(message);
  });

  it('says how to raise the limit', () => {
    expect(refusal(() => prepareText('x'.repeat(11), 'strip', 10)).hint).toContain('maxTextLength: 11');
  });

  it('refuses control characters under the reject policy, naming the code point', () => {
    expect(refusal(() => prepareText('a\u0007b', 'reject', 10)).message).toContain('U+0007 at index 1');
  });
});
