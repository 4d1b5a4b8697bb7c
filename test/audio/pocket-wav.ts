// Builds byte streams shaped like pocket-tts's: placeholder-size header, 80 ms frames, 200 ms of zeros.
import { FRAME_SAMPLES, PLACEHOLDER_DATA_SIZE, PLACEHOLDER_RIFF_SIZE, TRAILING_SILENCE_SAMPLES } from '../../src/audio/index.js';

/** The 44-byte header exactly as pocket-tts writes it (sizes never patched). */
export function pocketHeader(): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(PLACEHOLDER_RIFF_SIZE, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(24_000, 24);
  h.writeUInt32LE(48_000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(PLACEHOLDER_DATA_SIZE, 40);
  return h;
}

/** `frames` frames of non-zero samples (a ramp), then the trailing silence unless `silence` is false. */
export function pocketPcm({ frames = 2, silence = true }: { frames?: number; silence?: boolean } = {}): Buffer {
  const voiced = Buffer.alloc(frames * FRAME_SAMPLES * 2);
  for (let i = 0; i < voiced.length / 2; i++) voiced.writeInt16LE(((i % 2000) - 1000) | 1, i * 2);
  return silence ? Buffer.concat([voiced, Buffer.alloc(TRAILING_SILENCE_SAMPLES * 2)]) : voiced;
}

/** A whole stream: header + PCM. */
export function pocketWav(options?: { frames?: number; silence?: boolean }): Buffer {
  return Buffer.concat([pocketHeader(), pocketPcm(options)]);
}

/** Fast byte comparison for big buffers (deep equality is slow), naming the first difference. */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array, label = 'bytes'): void {
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  if (a.equals(expected)) return;
  let at = 0;
  while (at < Math.min(a.length, expected.length) && a[at] === expected[at]) at++;
  throw new Error(`${label}: lengths ${a.length}/${expected.length}, first difference at byte ${at}`);
}
