// Fan-out's output: the parts' PCM in order, as one pocket-tts WAV stream.
import type { Readable, Writable } from 'node:stream';
import { PLACEHOLDER_DATA_SIZE, PLACEHOLDER_RIFF_SIZE, WavStream, buildWavHeader } from '../../../audio/index.js';
import type { TtsError } from '../../../errors/index.js';
import { SilenceTrimmer } from './trim.js';

/** One part of a fanned-out text: its raw WAV stream, and how its generation ended. */
export interface StitchPart {
  output: Readable;
  finished: Promise<TtsError | null>;
}

/**
 * Writes the parts' PCM to `out` in order behind one header (pocket-tts's own, placeholder sizes),
 * dropping the trailing 200 ms of silence of every part but the last. The first part not yet written
 * streams live; later parts are read ahead into memory and written as soon as all earlier parts are.
 * Resolves to the first part's failure (nothing after it is written), or null; `out` is not ended.
 */
export async function stitchParts(parts: readonly StitchPart[], out: Writable, signal: AbortSignal): Promise<TtsError | null> {
  const buffers = parts.map((part, index) => new ReadAhead(pcmOf(part.output, index < parts.length - 1)));
  let headerSent = false;
  for (const [index, buffer] of buffers.entries()) {
    for await (const chunk of buffer.chunks()) {
      if (signal.aborted) return null;
      if (!headerSent) out.write(placeholderHeader());
      headerSent = true;
      if (!out.write(chunk)) await drained(out, signal);
    }
    const failure = await parts[index]?.finished;
    if (failure !== null && failure !== undefined) return failure;
  }
  return null;
}

/** A canonical header with pocket-tts's placeholder sizes (what a single sidecar would have sent). */
export function placeholderHeader(): Buffer {
  const header = buildWavHeader({ dataBytes: null });
  header.writeUInt32LE(PLACEHOLDER_RIFF_SIZE, 4);
  header.writeUInt32LE(PLACEHOLDER_DATA_SIZE, 40);
  return header;
}

function pcmOf(output: Readable, trim: boolean): Readable {
  const pcm = output.pipe(new WavStream({ header: 'none' }));
  output.once('error', (error) => pcm.destroy(error));
  if (!trim) return pcm;
  const trimmed = pcm.pipe(new SilenceTrimmer());
  pcm.once('error', (error) => trimmed.destroy(error));
  return trimmed;
}

// Waits for 'drain', or for the reader to go away (close) or the request to stop; leaves no listener behind.
function drained(out: Writable, signal: AbortSignal): Promise<void> {
  if (out.destroyed || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    signal.addEventListener('abort', done);
  });
}

/** Reads a stream eagerly (flowing mode) and hands its chunks out in order, waiting when none is there. */
class ReadAhead {
  readonly #queue: Buffer[] = [];
  #ended = false;
  #error: Error | null = null;
  #wake: (() => void) | null = null;

  constructor(source: Readable) {
    source.on('data', (chunk: Buffer) => this.#push(() => this.#queue.push(chunk)));
    source.once('end', () => this.#push(() => (this.#ended = true)));
    source.once('error', (error) => this.#push(() => (this.#error = error)));
    source.once('close', () => this.#push(() => (this.#ended = true)));
  }

  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const chunk = this.#queue.shift();
      if (chunk !== undefined) {
        yield chunk;
        continue;
      }
      if (this.#error !== null) throw this.#error;
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #push(change: () => unknown): void {
    change();
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
