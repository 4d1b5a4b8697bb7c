// Buffered mode: read a whole pocket-tts WAV stream and return one valid WAV file.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HEADER_BYTES } from './format.js';
import { buildWavHeader } from './header.js';
import { durationMs } from './pcm.js';
import { WavStream } from './wav-stream.js';

/** A complete WAV and what is known about it. */
export interface CollectedWav {
  /** The WAV file, with true RIFF and data sizes. */
  wav: Buffer;
  samples: number;
  durationMs: number;
  /** True when the audio ends with pocket-tts's 200 ms of zeros (a generation that did not stop mid-way). */
  endsWithSilence: boolean;
  /** `performance.now()` when the first PCM byte arrived, or null when there was none. */
  firstPcmAt: number | null;
}

/**
 * Reads a pocket-tts WAV stream to its end and returns the WAV with its sizes fixed. The PCM chunks are
 * concatenated once, at the end. Rejects with INVALID_OUTPUT like {@link WavStream}, or with the source's error.
 */
export async function collectWav(source: Readable | AsyncIterable<Uint8Array>): Promise<CollectedWav> {
  const stream = new WavStream({ header: 'none' });
  const parts: Buffer[] = [];
  await pipeline(source, stream, async (pcm: AsyncIterable<Buffer>) => {
    for await (const part of pcm) parts.push(part);
  });
  const header = buildWavHeader({ dataBytes: stream.dataBytes });
  return {
    wav: Buffer.concat([header, ...parts], HEADER_BYTES + stream.dataBytes),
    samples: stream.samples,
    durationMs: durationMs(stream.samples),
    endsWithSilence: stream.endsWithSilence,
    firstPcmAt: stream.firstPcmAt,
  };
}
