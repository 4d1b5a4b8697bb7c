// A pass-through for a raw pocket-tts WAV stream, and what was seen of it: bytes, first audio, trailing silence.
import { PassThrough } from 'node:stream';
import { HEADER_BYTES, TRAILING_SILENCE_BYTES, trailingZeroBytes } from '../../../audio/index.js';

/**
 * The output of one request (a PassThrough the response bodies are piped into) and facts about the bytes
 * as they ARRIVE (`observe` is called from the source's 'data' events, so the facts are complete when the
 * source ends, however far behind the reader is): whether the stream ended like a finished generation,
 * with 200 ms of zeros after the header. Upstream ends a failed generation's HTTP response normally,
 * just without that silence.
 */
export class AudioTap extends PassThrough {
  #bytes = 0;
  #zeroRun = 0;
  #firstPcmAt: number | null = null;

  /** Bytes received so far, header included. */
  get bytes(): number {
    return this.#bytes;
  }

  /** `performance.now()` when the first byte after the 44-byte header arrived, or null. */
  get firstPcmAt(): number | null {
    return this.#firstPcmAt;
  }

  /** True when the audio received so far ends with pocket-tts's trailing silence. */
  get endsWithSilence(): boolean {
    return this.#zeroRun >= TRAILING_SILENCE_BYTES;
  }

  /** Accounts for one chunk of the source (call it for every chunk, in order). */
  observe(chunk: Buffer): void {
    const pcm = chunk.subarray(Math.max(0, HEADER_BYTES - this.#bytes));
    this.#bytes += chunk.length;
    if (pcm.length === 0) return;
    this.#firstPcmAt ??= performance.now();
    const zeros = trailingZeroBytes(pcm);
    this.#zeroRun = zeros === pcm.length ? this.#zeroRun + zeros : zeros;
  }
}
