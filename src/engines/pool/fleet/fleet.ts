// Where a pool's workers come from: supervised local sidecars, or an external pool by URL.
import type { TtsError } from '../../../errors/index.js';
import type { PoolEvents } from '../../../events/types.js';
import type { Worker } from './worker.js';

/** What a fleet tells its pool; the pool owns its queue, the fleet only reports. */
export interface FleetHooks {
  /** A worker can take a request (it started, came back, or finished one). */
  available(worker: Worker): void;
  /** A worker went down: the pool stops handing it out if it was idle (true when it was). */
  withdrawn(worker: Worker): boolean;
  /** Every worker gave up: waiting and new requests are refused with `error`. */
  exhausted(error: TtsError): void;
  /** The workers' events (ready, crash, recycle, start-failed, failed). */
  event<K extends keyof PoolEvents>(name: K, ...payload: PoolEvents[K]): void;
}

/** The workers behind a pool. */
export interface Fleet {
  /** Workers in all: the most requests served at once. */
  readonly size: number;
  /** True when long texts may be fanned out over the workers (an external pool fans out on its side). */
  readonly fanOut: boolean;
  /**
   * Starts the workers; each is made `available` when ready. Resolves once every worker is ready or gave
   * up, with at least one ready; rejects with SERVER_START_FAILED when none is.
   */
  start(hooks: FleetHooks): Promise<void>;
  /** Workers up now (idle or busy). */
  readyCount(): number;
  /** No restarts from now on: close() follows. */
  stopRestarts(): void;
  /** Stops everything the fleet started. */
  close(): Promise<void>;
  /** The sidecars' pids (empty for an external pool), for tests and diagnostics. */
  pids(): number[];
}
