// WAV checks for the real tier: every file and body is read field by field, sizes included.
import { expect } from 'vitest';

const HEADER = 44;
const FRAME_SAMPLES = 1920;
const TAIL_SAMPLES = 4800;
const PLACEHOLDER = 2_000_000_000;
const UNKNOWN = 0xffffffff;

/** How a WAV's sizes are expected to read: a file has the true sizes; a stream may declare placeholders. */
export type SizeRule = 'exact' | 'stream';

/** The facts of a pocket-tts WAV (mono 16-bit 24 kHz), asserted; returns its audio seconds. */
export function checkWav(wav: Buffer, rule: SizeRule, label = 'wav'): { seconds: number; samples: number } {
  expect(wav.length, `${label}: longer than its header`).toBeGreaterThan(HEADER);
  expect(wav.subarray(0, 4).toString('latin1'), label).toBe('RIFF');
  expect(wav.subarray(8, 16).toString('latin1'), label).toBe('WAVEfmt ');
  expect(wav.readUInt32LE(16), `${label}: fmt size`).toBe(16);
  expect(wav.readUInt16LE(20), `${label}: PCM`).toBe(1);
  expect(wav.readUInt16LE(22), `${label}: mono`).toBe(1);
  expect(wav.readUInt32LE(24), `${label}: 24 kHz`).toBe(24_000);
  expect(wav.readUInt32LE(28), `${label}: byte rate`).toBe(48_000);
  expect(wav.readUInt16LE(32), `${label}: block align`).toBe(2);
  expect(wav.readUInt16LE(34), `${label}: 16 bits`).toBe(16);
  expect(wav.subarray(36, 40).toString('latin1'), label).toBe('data');
  const dataBytes = wav.length - HEADER;
  expect(dataBytes % 2, `${label}: whole samples`).toBe(0);
  if (rule === 'exact') {
    expect(wav.readUInt32LE(4), `${label}: RIFF size`).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40), `${label}: data size`).toBe(dataBytes);
  } else {
    expect([PLACEHOLDER + 36, UNKNOWN, wav.length - 8], `${label}: RIFF size`).toContain(wav.readUInt32LE(4));
    expect([PLACEHOLDER, UNKNOWN, dataBytes], `${label}: data size`).toContain(wav.readUInt32LE(40));
  }
  const samples = dataBytes / 2;
  // A finished generation: whole 80 ms frames, then 200 ms of silence.
  expect(wav.subarray(-TAIL_SAMPLES * 2).every((b) => b === 0), `${label}: ends with the 200 ms silent tail`).toBe(true);
  expect((samples - TAIL_SAMPLES) % FRAME_SAMPLES, `${label}: whole frames before the tail`).toBe(0);
  expect(samples - TAIL_SAMPLES, `${label}: some audio`).toBeGreaterThanOrEqual(FRAME_SAMPLES);
  return { seconds: samples / 24_000, samples };
}
