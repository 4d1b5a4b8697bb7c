import type { Readable } from 'node:stream';
import type { TtsError } from '../errors/index.js';
import type { ValidatedRequest } from '../request/request.js';
import type { Logger } from '../request/logger.js';
import type { EngineMode, EngineStats } from '../request/mode.js';

export type { EngineStats } from '../request/mode.js';

/** One generation handed to an engine. */
export interface EngineJob {
  request: ValidatedRequest;
  /** Aborts when the caller aborts, the timeout fires or the instance closes; its reason is a TtsError. */
  signal: AbortSignal;
  /** The instance's logger, bound to its component and mode (not to this request: use `id` for that). */
  log: Logger;
  /** Request id, for logs and metrics. */
  id: string;
}

/** A generation in progress. */
export interface EngineRun {
  /** pocket-tts's raw WAV byte stream (placeholder sizes, header possibly split). */
  output: Readable;
  /** `performance.now()` when the process was spawned (CLI) or the request sent (server). */
  startedAt: number;
  /** Time the engine spent starting the work (spawning the process, or opening the request). */
  spawnMs: number;
  /**
   * Settles when the work has fully ended and nothing of it runs any more: null on success, else the
   * classified failure. Never rejects. After an abort it settles once the processes are gone.
   */
  finished: Promise<TtsError | null>;
}

/** What the public API needs from an engine (CLI processes, or warm sidecars). */
export interface Engine {
  readonly mode: EngineMode;
  /** Starts one generation; the engine's own queue decides when. Rejects with QUEUE_FULL, ABORTED, TIMEOUT or CLOSED while waiting. */
  run(job: EngineJob): Promise<{ run: EngineRun; queuedMs: number }>;
  /** Rejects waiting jobs with CLOSED, stops running ones unless `drain`, then stops every process. */
  close(options: { drain: boolean }): Promise<void>;
  /** Facts for metrics and health: queue depth, busy and idle workers. */
  stats(): EngineStats;
  /** Counts a request still on its way (input checks, voice reads) until the returned function is called (at the latest in the tick that calls run()). */
  arriving?(): () => void;
}
