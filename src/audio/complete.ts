// Whether a pocket-tts WAV stream ended as a finished generation ends (the exit-abort rule's evidence).
import { BYTES_PER_SAMPLE, FRAME_SAMPLES, TRAILING_SILENCE_SAMPLES } from './format.js';

/** What a reader of the stream knows at its end. */
export interface StreamEnd {
  /** PCM bytes after the 44-byte header. */
  dataBytes: number;
  /** The PCM ends with at least 200 ms of zeros. */
  endsWithSilence: boolean;
}

/**
 * True when the stream looks complete: it ends with the 200 ms silent tail, and the audio before the tail
 * is a whole number (at least one) of 80 ms frames, as every release writes it. A stream cut off mid-way
 * lacks the tail (or, by rare chance, the frame count).
 */
export function streamLooksComplete({ dataBytes, endsWithSilence }: StreamEnd): boolean {
  if (!endsWithSilence || dataBytes % BYTES_PER_SAMPLE !== 0) return false;
  const frames = (dataBytes / BYTES_PER_SAMPLE - TRAILING_SILENCE_SAMPLES) / FRAME_SAMPLES;
  return frames >= 1 && Number.isInteger(frames);
}
