// Pure helpers on raw int16 LE mono PCM at 24 kHz.
import { TtsError } from '../errors/index.js';
import { BYTES_PER_SAMPLE, SAMPLE_RATE, TRAILING_SILENCE_SAMPLES } from './format.js';

/** Milliseconds of audio in `samples` samples (1,920 samples = 80 ms). */
export function durationMs(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE;
}

/** Whole samples in `bytes` bytes of PCM. */
export function samplesIn(bytes: number): number {
  return Math.floor(bytes / BYTES_PER_SAMPLE);
}

/** How many bytes at the end of `bytes` are zero. */
export function trailingZeroBytes(bytes: Uint8Array): number {
  let i = bytes.length;
  while (i > 0 && bytes[i - 1] === 0) i--;
  return bytes.length - i;
}

/**
 * Drops the last `samples` samples when they are all zero (the 200 ms pocket-tts ends a successful stream
 * with); otherwise returns `pcm` unchanged. Returns a view of `pcm`, not a copy.
 */
export function stripTrailingSilence(pcm: Buffer, samples = TRAILING_SILENCE_SAMPLES): Buffer {
  const bytes = samples * BYTES_PER_SAMPLE;
  if (bytes <= 0 || pcm.length < bytes || trailingZeroBytes(pcm) < bytes) return pcm;
  return pcm.subarray(0, pcm.length - bytes);
}

/** Joins PCM parts into one buffer; a part of odd length (half a sample) is INVALID_OUTPUT. */
export function concatPcm(parts: readonly Uint8Array[]): Buffer {
  const odd = parts.findIndex((part) => part.length % BYTES_PER_SAMPLE !== 0);
  if (odd !== -1) {
    throw new TtsError('INVALID_OUTPUT', `PCM part ${odd} has an odd length (${parts[odd]?.length} bytes): half a sample`);
  }
  return Buffer.concat(parts);
}
