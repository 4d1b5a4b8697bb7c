// A fleet of supervised `pocket-tts serve` sidecars (plus optional warm spares).
import { TtsError } from '../../../errors/index.js';
import type { WarningEvent } from '../../../events/types.js';
import { releaseFor } from '../../../pocket-tts/index.js';
import { checkDefaultVoice, defaultVoiceFields } from './default-voice.js';
import type { Fleet, FleetHooks } from './fleet.js';
import { SidecarWorker, type WorkerSpec } from './sidecar-worker.js';
import { SparePool } from './spares.js';

/** A local fleet's settings: one WorkerSpec minus what the fleet fills in, and the counts. */
export interface LocalFleetSpec extends Omit<WorkerSpec, 'id' | 'hooks' | 'onGiveUp' | 'spares' | 'slots' | 'voiceless'> {
  workers: number;
  /** Generations in flight per sidecar (its slots in the pool's queue). */
  perWorker?: number;
  spares: number;
}

/** `workers` sidecar workers; when every one of them has given up, the pool is told it is exhausted. */
export class LocalFleet implements Fleet {
  readonly fanOut = true;
  #workers: SidecarWorker[] = [];
  #spares: SparePool | null = null;

  constructor(private readonly spec: LocalFleetSpec) {}

  get size(): number {
    return this.spec.workers * (this.spec.perWorker ?? 1);
  }

  /** The workers (for stats and tests). */
  get workers(): readonly SidecarWorker[] {
    return this.#workers;
  }

  async start(hooks: FleetHooks): Promise<void> {
    const { workers, spares, perWorker = 1, ...spec } = this.spec;
    // A default voice no sidecar could load is the caller's mistake: refused before anything is spawned.
    // Its fields are the same for every sidecar of the pool: made (a voice file read) once, here.
    const release = releaseFor(spec.sidecar.runtime.versions.pocketTts);
    await checkDefaultVoice(spec.sidecar, release);
    const voiceless = await defaultVoiceFields(spec.sidecar, release);
    const rest = { ...spec, sidecar: { ...spec.sidecar, onWarning: (warning: WarningEvent) => hooks.event('warning', warning) } };
    if (spares > 0) this.#spares = new SparePool(spares, { ...rest.sidecar, log: rest.log, closeGraceMs: rest.closeGraceMs }, rest.backoff.initialMs);
    const onGiveUp = (): void => {
      if (this.#workers.every((w) => w.state === 'failed')) hooks.exhausted(this.#startError());
    };
    this.#workers = Array.from({ length: workers }, (_, id) => new SidecarWorker({ ...rest, id, slots: perWorker, hooks, onGiveUp, spares: this.#spares, voiceless }));
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
