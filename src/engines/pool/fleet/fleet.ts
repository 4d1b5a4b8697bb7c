// Where a pool's slots come from: supervised local sidecars, or an external pool by URL.
import type { EventEmitter } from 'node:events';
import type { WorkQueue } from '../../queue.js';
import type { Slot } from './worker.js';

/** The slots behind a pool. */
export interface Fleet {
  /** Slots in all: the most requests served at once. */
  readonly size: number;
  /** True when long texts may be fanned out over the slots (an external pool fans out on its side). */
  readonly fanOut: boolean;
  /**
   * Starts the slots; each joins `queue` when ready. Resolves once every slot is ready or gave up, with
   * at least one ready; rejects with SERVER_START_FAILED when none is.
   */
  start(queue: WorkQueue<Slot>, events: EventEmitter): Promise<void>;
  /** Slots up now (idle or busy). */
  readyCount(): number;
  /** No restarts from now on: close() follows. */
  stopRestarts(): void;
  /** Stops everything the fleet started. */
  close(): Promise<void>;
  /** The sidecars' pids (empty for an external pool), for tests and diagnostics. */
  pids(): number[];
}
