import { PassThrough } from 'node:stream';

/** Where a request's time went, in milliseconds from the call to generate()/stream(). */
export interface Timings {
  /** Waiting for a free worker. */
  queuedMs: number;
  /** Starting the work: spawning the process (CLI) or opening the request to a sidecar (server). */
  spawnMs: number;
  /** From the call to the first audio sample (includes queueing and, in CLI mode, the model load); null without audio. */
  firstByteMs: number | null;
  /** From the call to the end. */
  totalMs: number;
}

/** The buffered result of generate(): a complete WAV with correct sizes. */
export interface GenerateResult {
  /** A canonical 44-byte-header WAV whose RIFF and data sizes are the true ones. */
  wav: Buffer;
  sampleRate: number;
  channels: number;
  samples: number;
  durationMs: number;
  timings: Timings;
}

/**
 * The stream returned by stream(): WAV bytes as pocket-tts produces them. Its header's RIFF and data
 * sizes are 0xFFFFFFFF ("unknown length, read to the end"), since the length is not known when the header
 * is sent. It ends only after pocket-tts finished successfully; a failure destroys it with the TtsError.
 * `timings` is set (and a 'timings' event emitted) just before 'end'.
 */
export class TtsStream extends PassThrough {
  timings: Timings | undefined;
  /** Samples in the stream, set at its end. */
  samples = 0;
}
