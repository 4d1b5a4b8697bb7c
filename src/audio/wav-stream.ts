// Streaming pass-through of a pocket-tts WAV: validates the header, rewrites its sizes, counts the PCM.
import { performance } from 'node:perf_hooks';
import { Transform, type TransformCallback } from 'node:stream';
import { TtsError } from '../errors/index.js';
import { BYTES_PER_SAMPLE, HEADER_BYTES, TRAILING_SILENCE_BYTES } from './format.js';
import { buildWavHeader, parseWavHeader, type WavHeader } from './header.js';
import { samplesIn, trailingZeroBytes } from './pcm.js';

/** Options of {@link WavStream}. */
export interface WavStreamOptions {
  /**
   * What to emit before the PCM: `'streaming'` (default) a canonical header whose sizes are 0xFFFFFFFF
   * ("unknown length, read to the end"); `'none'` the PCM alone.
   */
  header?: 'streaming' | 'none';
  /** Bytes buffered on each side before backpressure applies (default: Node's 16 KiB). */
  highWaterMark?: number;
}

/**
 * A Transform from pocket-tts's WAV stream (header possibly split across chunks) to a WAV stream a pipe
 * reader can trust. Errors with INVALID_OUTPUT on a bad header, on an end before 44 bytes, or on an odd
 * data length. Never collects chunks: memory is bounded by the highWaterMarks.
 */
export class WavStream extends Transform {
  #head: Buffer | null = Buffer.alloc(0);
  #emitHeader: boolean;
  #source: WavHeader | null = null;
  #dataBytes = 0;
  #zeroRun = 0;
  #firstPcmAt: number | null = null;

  constructor(options: WavStreamOptions = {}) {
    super(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark });
    this.#emitHeader = (options.header ?? 'streaming') === 'streaming';
  }

  /** Bytes of PCM seen so far (after the 44-byte header). */
  get dataBytes(): number {
    return this.#dataBytes;
  }

  /** Whole samples seen so far. */
  get samples(): number {
    return samplesIn(this.#dataBytes);
  }

  /** `performance.now()` when the first PCM byte arrived, or null before that. */
  get firstPcmAt(): number | null {
    return this.#firstPcmAt;
  }

  /** The header pocket-tts sent (declared sizes only), or null until 44 bytes arrived. */
  get sourceHeader(): WavHeader | null {
    return this.#source;
  }

  /** True when the PCM so far ends with 200 ms of zeros: the mark of a generation that finished. */
  get endsWithSilence(): boolean {
    return this.#zeroRun >= TRAILING_SILENCE_BYTES;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const pcm = this.#head === null ? chunk : this.#takeHeader(this.#head, chunk);
      if (pcm !== null && pcm.length > 0) this.#pushPcm(pcm);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#head !== null) {
      callback(new TtsError('INVALID_OUTPUT', `the WAV stream ended after ${this.#head.length} bytes, before its 44-byte header`));
    } else if (this.#dataBytes % BYTES_PER_SAMPLE !== 0) {
      callback(new TtsError('INVALID_OUTPUT', `WAV data length ${this.#dataBytes} is odd: the stream ends with half a sample`));
    } else {
      callback();
    }
  }

  // Gathers at most 44 bytes; returns the PCM that followed the header in this chunk, or null while incomplete.
  #takeHeader(gathered: Buffer, chunk: Buffer): Buffer | null {
    const head = gathered.length === 0 ? chunk : Buffer.concat([gathered, chunk]);
    if (head.length < HEADER_BYTES) {
      this.#head = head;
      return null;
    }
    this.#source = parseWavHeader(head.subarray(0, HEADER_BYTES));
    this.#head = null;
    if (this.#emitHeader) this.push(buildWavHeader({ dataBytes: null }));
    return head.subarray(HEADER_BYTES);
  }

  #pushPcm(pcm: Buffer): void {
    this.#firstPcmAt ??= performance.now();
    this.#dataBytes += pcm.length;
    const zeros = trailingZeroBytes(pcm);
    this.#zeroRun = zeros === pcm.length ? this.#zeroRun + zeros : zeros;
    this.push(pcm);
  }
}
