// A worker that supervises a sidecar: (re)starts its `pocket-tts serve`, watches it, and says when it can take work.
import { setTimeout as sleep } from 'node:timers/promises';
import { TtsError } from '../../../errors/index.js';
import type { Logger } from '../../../request/logger.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { HealthWatch } from './health-watch.js';
import { crashError, waitForException } from './worker-failure.js';
import { Sidecar, type SidecarExit, type SidecarSpec } from './sidecar.js';
import type { VoiceFields } from './default-voice.js';
import type { FleetHooks } from './fleet.js';
import type { Lease, Worker } from './worker.js';
import type { SparePool } from './spares.js';

/** How a worker supervises its sidecar. */
export interface WorkerSpec {
  id: number;
  sidecar: Omit<SidecarSpec, 'log' | 'signal'>;
  /** What a request without a voice is sent with (the fleet's default voice, the release's way; absent: nothing). */
  voiceless?: VoiceFields;
  backoff: BackoffPolicy;
  /** Consecutive failed starts before the worker gives up. */
  maxStartFailures: number;
  healthIntervalMs: number;
  /** SIGTERM-to-SIGKILL grace when an abandoned request's sidecar is stopped (0: at once). */
  abortGraceMs: number;
  /** SIGTERM-to-SIGKILL grace at close. */
  closeGraceMs: number;
  log: Logger;
  /** Requests in flight at once on the sidecar (1: one at a time); the queue holds one entry per free slot. */
  slots?: number;
  /** Where it reports: available, withdrawn, and its events (`ready`, `crash`, `start-failed`, `failed`, `recycle`). */
  hooks: FleetHooks;
  /** Called once it gave up (after its `failed` event). */
  onGiveUp(): void;
  spares: SparePool | null;
}

/** Where a worker is in its life. */
export type WorkerState = 'starting' | 'idle' | 'busy' | 'down' | 'failed' | 'closed';

/** One worker of a local fleet: a sidecar, restarted with backoff when it crashes, replaced at once when abandoned. */
export class SidecarWorker implements Worker {
  readonly name: string;
  #sidecar: Sidecar | null = null;
  #state: WorkerState = 'starting';
  #inFlight = 0;
  #crashes = 0;
  #lastError: TtsError | null = null;
  #bringUp: Promise<void> = Promise.resolve();
  readonly #closing = new AbortController();
  readonly #health: HealthWatch;

  constructor(private readonly spec: WorkerSpec) {
    this.name = `worker-${spec.id}`;
    this.#health = new HealthWatch(spec.healthIntervalMs, () => this.#sidecar, (sidecar) => this.#unhealthy(sidecar));
  }

  get state(): WorkerState {
    return this.#state;
  }

  /** Requests running on the sidecar now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The running sidecar's pid, or null. */
  get pid(): number | null {
    return this.#sidecar?.pid ?? null;
  }

  /** The running sidecar's base URL, or null. */
  get url(): string | null {
    return this.#sidecar?.url ?? null;
  }

  /** Why the last start failed (SERVER_START_FAILED), or null. */
  get lastError(): TtsError | null {
    return this.#lastError;
  }

  /** Starts the sidecar; resolves once it is ready or the worker gave up (see {@link state}). */
  start(): Promise<void> {
    this.#bringUp = this.#startLoop(0);
    return this.#bringUp;
  }

  lease(): Lease | null {
    const sidecar = this.#sidecar;
    if (sidecar === null || (this.#state !== 'idle' && this.#state !== 'busy') || !sidecar.alive || this.#inFlight >= this.#slots) return null;
    this.#inFlight++;
    this.#state = 'busy';
    return {
      url: sidecar.url,
      voiceless: this.spec.voiceless,
      mark: () => sidecar.mark(),
      failureLines: (mark) => waitForException(sidecar, mark),
      crashed: (cause) => this.#crashed(sidecar, cause),
      abandon: () => this.#abandon(sidecar),
      done: (succeeded) => this.#done(sidecar, succeeded),
    };
  }

  /** No more (re)starts from now on; the running sidecar keeps serving until {@link close}. */
  stopRestarts(): void {
    if (!this.#closing.signal.aborted) this.#closing.abort(new TtsError('CLOSED', 'the pool was closed'));
  }

  /** Stops the sidecar (SIGTERM, SIGKILL after the close grace) and any start in progress. */
  async close(): Promise<void> {
    this.stopRestarts();
    this.#state = 'closed';
    this.#health.stop();
    const sidecar = this.#sidecar;
    this.#sidecar = null;
    await Promise.all([sidecar?.stop(this.spec.closeGraceMs), this.#bringUp]);
  }

  async #startLoop(initialDelayMs: number): Promise<void> {
    let failures = 0;
    let delay = initialDelayMs;
    while (!this.#closing.signal.aborted) {
      if (delay > 0) await sleep(delay, undefined, { signal: this.#closing.signal }).catch(() => undefined);
      if (this.#closing.signal.aborted) return;
      try {
        const sidecar = await this.#newSidecar();
        // Closed while it started: close() is waiting for this loop, so the sidecar is stopped before it ends.
        if (this.#closing.signal.aborted) return await sidecar.stop(this.spec.closeGraceMs);
        return this.#adopt(sidecar);
      } catch (error) {
        if (this.#closing.signal.aborted) return;
        failures++;
        this.#lastError = error instanceof TtsError ? error : new TtsError('SERVER_START_FAILED', String(error), { cause: error });
        this.spec.hooks.event('start-failed', { worker: this.name, error: this.#lastError, failures });
        this.spec.log.warn({ worker: this.name, failures, error: this.#lastError.shortMessage }, 'pocket-tts sidecar failed to start');
        if (failures >= this.spec.maxStartFailures) return this.#giveUp();
        delay = backoffDelay(failures + this.#crashes, this.spec.backoff);
      }
    }
  }

  async #newSidecar(): Promise<Sidecar> {
    const spare = this.spec.spares?.take() ?? null;
    if (spare !== null) return spare;
    return Sidecar.start({ ...this.spec.sidecar, log: this.spec.log, signal: this.#closing.signal });
  }

  #adopt(sidecar: Sidecar): void {
    this.#sidecar = sidecar;
    this.#state = 'idle';
    this.#inFlight = 0;
    void sidecar.exited.then((exit) => this.#exited(sidecar, exit));
    this.#health.start();
    this.spec.hooks.event('ready', { worker: this.name, pid: sidecar.pid, loadMs: sidecar.loadMs });
    for (let slot = 0; slot < this.#slots; slot++) this.spec.hooks.available(this);
  }

  #giveUp(): void {
    this.#state = 'failed';
    this.spec.hooks.event('failed', { worker: this.name, error: this.#lastError });
    this.spec.onGiveUp();
  }

  // An exit nobody asked for: a crash. The worker is withdrawn and comes back after a backoff restart.
  #exited(sidecar: Sidecar, exit: SidecarExit): void {
    if (sidecar !== this.#sidecar) return;
    this.#sidecar = null;
    // Every free slot of it leaves the queue (busy ones end with the requests on it).
    while (this.spec.hooks.withdrawn(this));
    this.#state = 'down';
    this.#crashes++;
    this.spec.hooks.event('crash', { worker: this.name, pid: sidecar.pid, stderr: sidecar.stderr.excerpt(20), exitCode: exit.exitCode, signal: exit.signal });
    this.spec.log.warn({ worker: this.name, pid: sidecar.pid, crashes: this.#crashes }, 'pocket-tts sidecar exited unexpectedly: restarting');
    this.#bringUp = this.#startLoop(backoffDelay(this.#crashes, this.spec.backoff));
  }

  #done(sidecar: Sidecar, succeeded: boolean): void {
    if (sidecar !== this.#sidecar || this.#state !== 'busy') return;
    if (succeeded) this.#crashes = 0;
    this.#inFlight--;
    if (this.#inFlight === 0) this.#state = 'idle';
    this.spec.hooks.available(this);
  }

  get #slots(): number {
    return this.spec.slots ?? 1;
  }

  // An abandoned request stops its sidecar (upstream would go on generating), unless other requests run on
  // it: then only its slot is freed, and the sidecar finishes the abandoned generation.
  async #abandon(sidecar: Sidecar): Promise<void> {
    if (sidecar === this.#sidecar && this.#inFlight > 1) return this.#done(sidecar, false);
    await this.#recycle(sidecar, 'abandoned');
  }

  // Stops a sidecar whose request was abandoned (its generation would go on) and starts a replacement at once.
  async #recycle(sidecar: Sidecar, reason: 'abandoned' | 'broken_connection'): Promise<void> {
    if (sidecar === this.#sidecar) {
      this.#sidecar = null;
      this.#state = 'down';
      this.spec.hooks.event('recycle', { worker: this.name, pid: sidecar.pid, reason });
      this.#bringUp = this.#startLoop(0);
    }
    await sidecar.stop(this.spec.abortGraceMs);
  }

  async #crashed(sidecar: Sidecar, cause: unknown): Promise<TtsError> {
    const exitedSoon = await Promise.race([sidecar.exited.then(() => true), sleep(1_000, false)]);
    // The connection broke but the process lives on: it is in no state to trust, so it is replaced too.
    if (!exitedSoon) await this.#recycle(sidecar, 'broken_connection');
    return crashError(sidecar, cause, await sidecar.exited);
  }

  // Health checks failed: stopping the process makes its exit go through the crash path.
  #unhealthy(sidecar: Sidecar): void {
    if (sidecar !== this.#sidecar) return;
    this.spec.log.warn({ worker: this.name, pid: sidecar.pid }, 'pocket-tts sidecar stopped answering /health: restarting');
    void sidecar.stop(0);
  }
}
