// A fleet of supervised `pocket-tts serve` sidecars (plus optional warm spares).
import type { EventEmitter } from 'node:events';
import { TtsError } from '../errors/index.js';
import type { WorkQueue } from '../engine/queue.js';
import type { WarningEvent } from '../events/types.js';
import type { Fleet } from './fleet.js';
import type { Slot } from './slot.js';
import { SparePool } from './spares.js';
import { Worker, type WorkerSpec } from './worker.js';

/** A local fleet's settings: one WorkerSpec minus what the fleet fills in, and the counts. */
export interface LocalFleetSpec extends Omit<WorkerSpec, 'id' | 'queue' | 'events' | 'spares'> {
  workers: number;
  spares: number;
}

/** `workers` sidecars; when every one of them has given up, the queue is closed with the last start error. */
export class LocalFleet implements Fleet {
  readonly fanOut = true;
  #workers: Worker[] = [];
  #spares: SparePool | null = null;

  constructor(private readonly spec: LocalFleetSpec) {}

  get size(): number {
    return this.spec.workers;
  }

  /** The workers (for stats and tests). */
  get workers(): readonly Worker[] {
    return this.#workers;
  }

  async start(queue: WorkQueue<Slot>, events: EventEmitter): Promise<void> {
    const { workers, spares, ...spec } = this.spec;
    const rest = { ...spec, sidecar: { ...spec.sidecar, onWarning: (warning: WarningEvent) => events.emit('warning', warning) } };
    if (spares > 0) this.#spares = new SparePool(spares, { ...rest.sidecar, log: rest.log, closeGraceMs: rest.closeGraceMs }, rest.backoff.initialMs);
    this.#workers = Array.from({ length: workers }, (_, id) => new Worker({ ...rest, id, queue, events, spares: this.#spares }));
    events.on('failed', () => {
      if (this.#workers.every((w) => w.state === 'failed')) queue.close(this.#startError());
    });
    await Promise.all(this.#workers.map((w) => w.start()));
    if (this.readyCount() === 0) throw this.#startError();
    void this.#spares?.fill();
  }

  /** Warm spares ready now. */
  get sparesReady(): number {
    return this.#spares?.ready ?? 0;
  }

  readyCount(): number {
    return this.#workers.filter((w) => w.state === 'idle' || w.state === 'busy').length;
  }

  stopRestarts(): void {
    for (const worker of this.#workers) worker.stopRestarts();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers.map((w) => w.close()), this.#spares?.close()]);
  }

  pids(): number[] {
    return this.#workers.map((w) => w.pid).filter((pid): pid is number => pid !== null);
  }

  #startError(): TtsError {
    const error = this.#workers.find((w) => w.lastError !== null)?.lastError;
    return error ?? new TtsError('SERVER_START_FAILED', 'no pocket-tts sidecar could be started');
  }
}
