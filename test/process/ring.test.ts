import { describe, expect, it } from 'vitest';
import { LineRing, truncateUtf8 } from '../../src/process/index.js';

describe('LineRing', () => {
  it('keeps the last maxLines lines', () => {
    const ring = new LineRing({ maxLines: 3 });
    for (let i = 1; i <= 10; i++) ring.push(`line ${i}`);
    expect(ring.lines()).toEqual(['line 8', 'line 9', 'line 10']);
    expect(ring.size).toBe(3);
    expect(ring.dropped).toBe(7);
  });

  it('keeps at most maxBytes (a newline counted per line)', () => {
    const ring = new LineRing({ maxLines: 100, maxBytes: 20, maxLineBytes: 10 });
    for (const line of ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee']) ring.push(line);
    expect(ring.lines()).toEqual(['bbbb', 'cccc', 'dddd', 'eeee']);
    expect(ring.bytes).toBe(20);
    ring.push('ffffffff');
    expect(ring.lines()).toEqual(['dddd', 'eeee', 'ffffffff']);
    expect(ring.bytes).toBe(19);
  });

  it('counts bytes, not characters', () => {
    const ring = new LineRing({ maxBytes: 20, maxLineBytes: 10 });
    ring.push('ééé'); // 6 bytes + newline
    ring.push('ééé');
    ring.push('ééé');
    expect(ring.lines()).toEqual(['ééé', 'ééé']);
  });

  it('truncates an over-long line instead of dropping everything', () => {
    const ring = new LineRing({ maxLineBytes: 10 });
    ring.push('x'.repeat(1_000));
    expect(ring.lines()).toEqual(['xxxxxxx…']);
    expect(Buffer.byteLength(ring.lines()[0] ?? '')).toBe(10);
  });

  it('stays correct across many compactions', () => {
    const ring = new LineRing({ maxLines: 5 });
    for (let i = 0; i < 1_003; i++) ring.push(String(i));
    expect(ring.lines()).toEqual(['998', '999', '1000', '1001', '1002']);
  });

  it.each([
    [undefined, 'c\nd\ne'],
    [2, 'd\ne'],
    [1, 'e'],
    [0, ''],
    [10, 'c\nd\ne'],
  ])('excerpt(%s)', (n, text) => {
    const ring = new LineRing({ maxLines: 3 });
    for (const line of ['a', 'b', 'c', 'd', 'e']) ring.push(line);
    expect(ring.excerpt(n)).toBe(text);
  });
});

describe('truncateUtf8', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['abcdefghijk', 10, 'abcdefg…'],
    ['ééééé', 8, 'éé…'],
    ['🎵🎵🎵', 9, '🎵…'],
    ['🎵🎵🎵', 8, '🎵…'],
    ['🎵🎵🎵', 6, '…'],
  ])('%j in %i bytes is %j', (text, max, out) => {
    expect(truncateUtf8(text, max)).toBe(out);
    expect(Buffer.byteLength(truncateUtf8(text, max))).toBeLessThanOrEqual(max);
  });
});
