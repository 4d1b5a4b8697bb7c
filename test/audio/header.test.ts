import { describe, expect, it } from 'vitest';
import {
  HEADER_BYTES,
  PLACEHOLDER_DATA_SIZE,
  PLACEHOLDER_RIFF_SIZE,
  UNKNOWN_SIZE,
  WAV_HEADER_FIELDS,
  buildWavHeader,
  fixWavSizes,
  parseWavHeader,
} from '../../src/audio/index.js';
import { isTtsError } from '../../src/errors/index.js';
import { pocketHeader, pocketWav, expectSameBytes } from './pocket-wav.js';

function invalidOutput(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isTtsError(error, 'INVALID_OUTPUT')).toBe(true);
    return (error as Error & { shortMessage: string }).shortMessage;
  }
  throw new Error('expected INVALID_OUTPUT');
}

describe('parseWavHeader', () => {
  it('accepts pocket-tts header with its placeholder sizes and reports them', () => {
    expect(parseWavHeader(pocketHeader())).toEqual({ declaredRiffSize: PLACEHOLDER_RIFF_SIZE, declaredDataSize: PLACEHOLDER_DATA_SIZE });
  });

  it('accepts a plain Uint8Array and ignores bytes after the header', () => {
    const wav = pocketWav();
    expect(parseWavHeader(new Uint8Array(wav)).declaredDataSize).toBe(PLACEHOLDER_DATA_SIZE);
  });

  it.each([0, 1, 4, 40, 43])('refuses %i bytes', (n) => {
    expect(invalidOutput(() => parseWavHeader(pocketHeader().subarray(0, n)))).toBe(`WAV header is ${n} bytes long, expected 44`);
  });

  // One row per fixed field: a wrong value there is named, with what it was and what was expected.
  const bad: Array<[string, (h: Buffer) => void, string]> = [
    ['RIFF chunk id', (h) => h.write('RIFX', 0, 'latin1'), 'RIFF chunk id (header byte 0) is "RIFX", expected "RIFF"'],
    ['RIFF form type', (h) => h.write('AVI ', 8, 'latin1'), 'RIFF form type (header byte 8) is "AVI ", expected "WAVE"'],
    ['fmt chunk id', (h) => h.write('LIST', 12, 'latin1'), 'fmt chunk id (header byte 12) is "LIST", expected "fmt "'],
    ['fmt chunk size', (h) => h.writeUInt32LE(18, 16), 'fmt chunk size (header byte 16) is 18, expected 16'],
    ['audio format', (h) => h.writeUInt16LE(3, 20), 'audio format (header byte 20) is 3, expected 1'],
    ['channels', (h) => h.writeUInt16LE(2, 22), 'channels (header byte 22) is 2, expected 1'],
    ['sample rate', (h) => h.writeUInt32LE(44_100, 24), 'sample rate (header byte 24) is 44100, expected 24000'],
    ['byte rate', (h) => h.writeUInt32LE(96_000, 28), 'byte rate (header byte 28) is 96000, expected 48000'],
    ['block align', (h) => h.writeUInt16LE(4, 32), 'block align (header byte 32) is 4, expected 2'],
    ['bits per sample', (h) => h.writeUInt16LE(24, 34), 'bits per sample (header byte 34) is 24, expected 16'],
    ['data chunk id', (h) => h.write('fact', 36, 'latin1'), 'data chunk id (header byte 36) is "fact", expected "data"'],
    ['text instead of audio', (h) => h.write('INFO: Loading', 0, 'latin1'), 'RIFF chunk id (header byte 0) is "INFO", expected "RIFF"'],
    ['control bytes', (h) => h.fill(0, 0, 4), 'RIFF chunk id (header byte 0) is "\\u0000\\u0000\\u0000\\u0000", expected "RIFF"'],
  ];
  it.each(bad)('names a wrong %s', (_name, corrupt, message) => {
    const header = pocketHeader();
    corrupt(header);
    expect(invalidOutput(() => parseWavHeader(header))).toBe(`not a pocket-tts WAV stream: ${message}`);
  });

  it('covers every fixed field in the table above', () => {
    expect(WAV_HEADER_FIELDS.map((f) => f.name)).toEqual(bad.slice(0, 11).map(([name]) => name));
  });
});

describe('buildWavHeader', () => {
  it.each([
    [0, 36, 0],
    [9_600, 9_636, 9_600],
    [2, 38, 2],
  ])('dataBytes %i: RIFF size %i, data size %i', (dataBytes, riff, data) => {
    const header = buildWavHeader({ dataBytes });
    expect(header.length).toBe(HEADER_BYTES);
    expect(parseWavHeader(header)).toEqual({ declaredRiffSize: riff, declaredDataSize: data });
  });

  it('writes 0xFFFFFFFF sizes for an unknown length', () => {
    expect(parseWavHeader(buildWavHeader({ dataBytes: null }))).toEqual({ declaredRiffSize: UNKNOWN_SIZE, declaredDataSize: UNKNOWN_SIZE });
  });

  it('differs from pocket-tts only in the size fields', () => {
    const ours = buildWavHeader({ dataBytes: 0 });
    const theirs = pocketHeader();
    for (const at of [4, 40]) ours.writeUInt32LE(theirs.readUInt32LE(at), at);
    expect(ours).toEqual(theirs);
  });

  it.each([
    [3, 'WAV data length 3 is odd: the stream ends with half a sample'],
    [-2, 'WAV data length -2 is not between 0 and 4294967259 bytes'],
    [1.5, 'WAV data length 1.5 is not between 0 and 4294967259 bytes'],
    [2 ** 32, 'WAV data length 4294967296 is not between 0 and 4294967259 bytes'],
  ])('refuses dataBytes %d', (dataBytes, message) => {
    expect(invalidOutput(() => buildWavHeader({ dataBytes }))).toBe(message);
  });
});

describe('fixWavSizes', () => {
  it.each([
    ['header only', 0],
    ['one frame, no silence', 1],
    ['three frames and silence', 3],
  ])('%s: RIFF = total - 8, data = total - 44, same PCM', (_name, frames) => {
    const input = frames === 0 ? pocketHeader() : pocketWav({ frames, silence: frames > 1 });
    const fixed = fixWavSizes(input);
    expect(fixed.length).toBe(input.length);
    expect(fixed.readUInt32LE(4)).toBe(input.length - 8);
    expect(fixed.readUInt32LE(40)).toBe(input.length - 44);
    expectSameBytes(fixed.subarray(44), input.subarray(44));
    expect(fixed.subarray(0, 4)).toEqual(input.subarray(0, 4));
  });

  it('returns a copy and leaves its input alone', () => {
    const input = pocketWav();
    const before = Buffer.from(input);
    fixWavSizes(input);
    expectSameBytes(input, before);
  });

  it('refuses an odd data length', () => {
    expect(invalidOutput(() => fixWavSizes(Buffer.concat([pocketWav(), Buffer.from([1])])))).toBe(
      'WAV data length 17281 is odd: the stream ends with half a sample',
    );
  });

  it('refuses a bad header', () => {
    const input = pocketWav();
    input.writeUInt16LE(2, 22);
    expect(invalidOutput(() => fixWavSizes(input))).toMatch(/channels .* is 2, expected 1/);
  });
});

describe('a 4.x file output (real sizes, FINDINGS §3.3)', () => {
  // The first 44 bytes of `pocket-tts generate --output-path file.wav` from 4.0.1: RIFF 332,196 / data 332,160.
  const header = Buffer.from('52494646a411050057415645666d74201000000001000100c05d000080bb000002001000646174618011050000', 'hex').subarray(0, 44);

  it('parses: declared sizes are read, never trusted', () => {
    expect(parseWavHeader(header)).toEqual({ declaredRiffSize: 332_196, declaredDataSize: 332_160 });
  });

  it('fixWavSizes leaves a true-size WAV as it is (the repair is the same for every release)', () => {
    const wav = Buffer.concat([header, Buffer.alloc(332_160)]);
    expectSameBytes(fixWavSizes(wav), wav);
  });
});

