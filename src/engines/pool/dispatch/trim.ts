// Drops the 200 ms of trailing silence of a part's PCM without holding back any audio.
import { Transform, type TransformCallback } from 'node:stream';
import { TRAILING_SILENCE_BYTES } from '../../../audio/index.js';

/**
 * PCM in, PCM out, minus the last 200 ms when they are all zeros (what stripTrailingSilence does to a
 * buffer). Only the current run of trailing zero bytes is held back, and released as soon as a non-zero
 * byte follows, so speech goes through at once.
 */
export class SilenceTrimmer extends Transform {
  #zeros = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let end = chunk.length;
    while (end > 0 && chunk[end - 1] === 0) end--;
    if (end > 0) {
      this.#release(this.#zeros);
      this.push(chunk.subarray(0, end));
      this.#zeros = chunk.length - end;
    } else {
      this.#zeros += chunk.length;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#release(this.#zeros >= TRAILING_SILENCE_BYTES ? this.#zeros - TRAILING_SILENCE_BYTES : this.#zeros);
    callback();
  }

  #release(zeros: number): void {
    if (zeros > 0) this.push(Buffer.alloc(zeros));
    this.#zeros = 0;
  }
}
