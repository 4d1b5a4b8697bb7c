// The dispatcher's view of a worker: somewhere to send one /tts request at a time.
import type { TtsError } from '../../../errors/index.js';

/** One request's use of a slot, from dispatch to its end. */
export interface Lease {
  /** Base URL to POST /tts to. */
  readonly url: string;
  /** A position in the server's stderr (local sidecars), to read what this request caused. */
  mark(): number;
  /**
   * The server's stderr since `mark`, once it shows an exception (waited for briefly: the traceback may
   * follow the response); null when the server's logs are not available (an external pool).
   */
  failureLines(mark: number): Promise<string[] | null>;
  /** The connection broke mid-request: finds out whether the worker died; resolves once it is gone. */
  crashed(cause: unknown): Promise<TtsError>;
  /** The request was abandoned while the server may still work on it: stops that work (resolves once stopped). */
  abandon(): Promise<void>;
  /** The request ended with an answer (audio or an error status): the slot takes new work. */
  done(succeeded: boolean): void;
}

/** A worker the queue hands out. */
export interface Slot {
  readonly name: string;
  /** Starts a request on it; null when it died after the queue handed it out (it rejoins the queue when it is back). */
  lease(): Lease | null;
}
