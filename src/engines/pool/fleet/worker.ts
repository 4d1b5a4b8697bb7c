// The dispatcher's view of a worker: somewhere to send one POST /tts at a time.
import type { TtsError } from '../../../errors/index.js';
import type { TtsForm } from '../wire/form.js';

/** A worker held by one attempt, from sending the request to its end. */
export interface Lease {
  /** Base URL to POST /tts to. */
  readonly url: string;
  /** The voice fields a request without a voice is sent with on this server (absent: none). */
  readonly voiceless?: Omit<TtsForm, 'text'>;
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
  /** The request ended with an answer (audio or an error status): the worker takes new work. */
  done(succeeded: boolean): void;
}

/** A place in the pool that serves one request at a time: what the queue hands out. */
export interface Worker {
  readonly name: string;
  /** Requests running on it now, for a worker that serves several at once (absent: one at a time). */
  readonly inFlight?: number;
  /** Holds it for one attempt; null when it died after the queue handed it out (it comes back when it is up again). */
  lease(): Lease | null;
}
