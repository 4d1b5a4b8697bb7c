// Counts a raw WAV stream's audio as it flows (for the `serve` front, which pipes it on untouched).
import type { Readable } from 'node:stream';
import { HEADER_BYTES, SAMPLE_RATE, samplesIn } from '../audio/index.js';

/** What {@link countAudio} has seen so far. */
export interface AudioCount {
  /** `performance.now()` of the first byte after the 44-byte header, or null. */
  readonly firstPcmAt: number | null;
  /** Milliseconds of audio seen. */
  readonly audioMs: number;
}

/**
 * Watches `output`'s chunks without consuming them: attach it in the same tick as the reader that pipes
 * or pauses the stream (a 'data' listener alone would start the flow).
 */
export function countAudio(output: Readable): AudioCount {
  let bytes = 0;
  let firstPcmAt: number | null = null;
  output.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > HEADER_BYTES) firstPcmAt ??= performance.now();
  });
  return {
    get firstPcmAt() {
      return firstPcmAt;
    },
    get audioMs() {
      return (samplesIn(Math.max(0, bytes - HEADER_BYTES)) / SAMPLE_RATE) * 1000;
    },
  };
}
