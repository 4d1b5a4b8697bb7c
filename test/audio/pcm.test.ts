import { describe, expect, it } from 'vitest';
import { expectSameBytes } from './pocket-wav.js';
import { concatPcm, durationMs, samplesIn, stripTrailingSilence, trailingZeroBytes } from '../../src/audio/index.js';

describe('durationMs', () => {
  it.each([
    [0, 0],
    [1_920, 80],
    [4_800, 200],
    [24_000, 1_000],
    [12, 0.5],
  ])('%i samples = %d ms', (samples, ms) => {
    expect(durationMs(samples)).toBe(ms);
  });
});

describe('samplesIn', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 1],
    [3_841, 1_920],
  ])('%i bytes hold %i samples', (bytes, samples) => {
    expect(samplesIn(bytes)).toBe(samples);
  });
});

describe('trailingZeroBytes', () => {
  it.each([
    [[], 0],
    [[0, 0], 2],
    [[1, 0, 0, 0], 3],
    [[0, 0, 1], 0],
  ])('%j ends with %i zeros', (bytes, zeros) => {
    expect(trailingZeroBytes(Uint8Array.from(bytes))).toBe(zeros);
  });
});

describe('stripTrailingSilence', () => {
  const voiced = Buffer.alloc(100, 7);
  const silence = Buffer.alloc(9_600);
  it.each([
    ['voice then 200 ms of zeros: the zeros go', Buffer.concat([voiced, silence]), undefined, 100],
    ['more zeros than asked: only the asked number goes', Buffer.concat([voiced, silence, silence]), undefined, 9_700],
    ['a non-zero sample inside the tail: kept whole', Buffer.concat([voiced, silence.subarray(0, 9_598), Buffer.from([0, 1])]), undefined, 9_700],
    ['shorter than the tail: kept whole', Buffer.alloc(9_598), undefined, 9_598],
    ['exactly the tail: emptied', Buffer.alloc(9_600), undefined, 0],
    ['custom length', Buffer.concat([voiced, Buffer.alloc(20)]), 10, 100],
    ['zero samples: no-op', Buffer.concat([voiced, silence]), 0, 9_700],
  ])('%s', (_name, pcm, samples, length) => {
    const out = stripTrailingSilence(pcm, samples);
    expect(out.length).toBe(length);
    expectSameBytes(out, pcm.subarray(0, length));
  });
});

describe('concatPcm', () => {
  it('joins parts in order, plain Uint8Arrays included', () => {
    expect(concatPcm([Buffer.from([1, 2]), Uint8Array.from([3, 4, 5, 6]), Buffer.alloc(0)])).toEqual(Buffer.from([1, 2, 3, 4, 5, 6]));
  });

  it('refuses a part holding half a sample', () => {
    expect(() => concatPcm([Buffer.alloc(2), Buffer.alloc(3)])).toThrow(
      expect.objectContaining({ code: 'INVALID_OUTPUT', shortMessage: 'PCM part 1 has an odd length (3 bytes): half a sample' }),
    );
  });
});
