// The dispatcher: a bounded queue in front of the workers, one request per worker, retry-once, fan-out.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { TtsError } from '../../../errors/index.js';
import type { PoolEvents } from '../../../events/types.js';
import type { FailureContext } from '../../../process/index.js';
import type { Logger } from '../../../request/logger.js';
import type { EngineStats } from '../../../request/mode.js';
import { WorkQueue } from '../../queue.js';
import type { Fleet } from '../fleet/fleet.js';
import type { Worker } from '../fleet/worker.js';
import type { TtsForm } from '../wire/form.js';
import { fanOut, type StartedPart } from './fanout.js';
import { runPart, type PartContext } from './part.js';
import { planFanOut } from './split.js';
import { AudioTap } from './tap.js';

/** How long a long text holding its first worker waits before taking idle ones for its other parts. */
export const FAN_OUT_SETTLE_MS = 10;

/** How a pool dispatches. */
export interface PoolOptions {
  /** Requests waiting for a worker before QUEUE_FULL. */
  maxQueue: number;
  /** Texts at least this long are fanned out over the workers (0: never). */
  fanOutChars: number;
  /** Retry a request once on another worker when its worker crashed before any audio was forwarded. */
  retryOnCrash: boolean;
}

/** One request for the pool. */
export interface SubmitOptions {
  /** Aborts the request (its reason is what `finished` reports). */
  signal: AbortSignal;
  log: Logger;
  /** The request's voice and config, to classify failures like CLI mode. */
  failure?: FailureContext;
}

/** A request the pool started: the same shape as an engine run. */
export interface PoolRun {
  /** pocket-tts's raw WAV stream (placeholder sizes). */
  output: Readable;
  /** Settles (never rejects) once nothing of the request runs any more: null, or the failure. */
  finished: Promise<TtsError | null>;
  startedAt: number;
  spawnMs: number;
  queuedMs: number;
}

/** A worker a request already holds, and since when it waited for it. */
interface Held {
  worker: Worker;
  queuedAt: number;
}

/**
 * A pool of workers behind a WorkQueue (FIFO, bounded, abortable). It owns the queue and its counts; its
 * fleet only reports (see FleetHooks). Events (`EventEmitter<PoolEvents>`): `ready`, `crash`,
 * `start-failed`, `failed`, `recycle` from the workers, `retry` when a request is sent again.
 */
export class Pool extends EventEmitter<PoolEvents> {
  readonly #queue: WorkQueue<Worker>;
  readonly #cancels = new Set<AbortController>();
  readonly #runs = new Set<Promise<unknown>>();
  #busy = 0;
  #arriving = 0;
  #closing: Promise<void> | null = null;
  #draining = false;
  readonly #work = new Set<Promise<unknown>>();
  readonly #parts: PartContext;

  constructor(
    readonly fleet: Fleet,
    private readonly options: PoolOptions,
  ) {
    super();
    this.#queue = new WorkQueue<Worker>(options.maxQueue, leastLoaded);
    this.#parts = {
      acquire: (signal) => this.#queue.acquire(signal),
      busy: (change) => void (this.#busy += change),
      retrying: (from, error) => void this.emit('retry', { worker: from.name, error }),
      retryOnCrash: options.retryOnCrash,
    };
  }

  /** Starts the fleet: resolves once every worker is ready or gave up (at least one ready), else SERVER_START_FAILED. */
  start(): Promise<void> {
    return this.fleet.start({
      available: (worker) => this.#queue.release(worker),
      withdrawn: (worker) => this.#queue.retire(worker),
      exhausted: (error) => this.#queue.close(error),
      // The hook is typed per event; emit's own typing cannot follow a generic name through.
      event: (name, ...payload) => void (this.emit as EventEmitter['emit'])(name, ...payload),
    });
  }

  /** Starts one request once a worker is free; rejects with QUEUE_FULL, CLOSED, or the signal's reason while waiting. */
  submit(form: TtsForm, options: SubmitOptions): Promise<PoolRun> {
    if (this.#closing !== null || this.#draining) return Promise.reject(new TtsError('CLOSED', this.#draining ? 'the server is shutting down' : 'the server pool is closed'));
    const started = this.#submit(form, options);
    // Queued or running, until it ends: what drain() waits for.
    const whole = started.then((run) => run.finished, () => undefined);
    this.#work.add(whole);
    void whole.finally(() => this.#work.delete(whole));
    return started;
  }

  /**
   * Refuses new requests (CLOSED) while the queued ones keep their place and run as workers free up;
   * resolves once nothing is queued or running. Nothing is stopped: call close() after it, or at a deadline.
   */
  async drain(): Promise<void> {
    this.#draining = true;
    while (this.#work.size > 0) await Promise.all(this.#work);
  }

  async #submit(form: TtsForm, options: SubmitOptions): Promise<PoolRun> {
    const cancel = new AbortController();
    this.#cancels.add(cancel);
    const signal = AbortSignal.any([options.signal, cancel.signal]);
    try {
      const run = this.#mayFanOut(form.text) ? await this.#fanOutLate(form, signal, options) : await this.#single(form, signal, options);
      const tracked = run.finished.finally(() => this.#cancels.delete(cancel));
      this.#runs.add(tracked);
      void tracked.finally(() => this.#runs.delete(tracked));
      return run;
    } catch (error) {
      this.#cancels.delete(cancel);
      throw error;
    }
  }

  /**
   * Counts a request on its way to submit() (its input and voice still being checked) until the returned
   * function is called, at the latest in the tick that calls submit(): fan-out leaves it an idle worker.
   */
  arriving(): () => void {
    this.#arriving++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#arriving--;
    };
  }

  /** Queue depth, busy and idle workers. */
  stats(): EngineStats {
    return { queued: this.#queue.depth, busy: this.#busy, idle: this.#queue.idle };
  }

  /** Workers up now; 0 means the pool cannot serve (its front answers 503 on /health). */
  readyCount(): number {
    return this.#closing === null ? this.fleet.readyCount() : 0;
  }

  /** Refuses new work, cancels running requests unless `drain`, then stops every process. Call again with drain false to stop waiting. */
  close({ drain }: { drain: boolean }): Promise<void> {
    this.#queue.close(new TtsError('CLOSED', 'the server pool was closed'));
    this.fleet.stopRestarts();
    if (!drain) for (const cancel of this.#cancels) cancel.abort(new TtsError('CLOSED', 'the server pool was closed while the request ran'));
    this.#closing ??= (async () => {
      while (this.#runs.size > 0) await Promise.all(this.#runs);
      await this.fleet.close();
    })();
    return this.#closing;
  }

  async #single(form: TtsForm, signal: AbortSignal, options: SubmitOptions, held?: Held): Promise<PoolRun> {
    const part = this.#part(form, signal, options, held);
    const startedAt = await part.acquired;
    return { output: part.tap, finished: part.finished, startedAt, spawnMs: performance.now() - startedAt, queuedMs: startedAt - part.queuedAt };
  }

  /**
   * Fan-out decided once the first worker is held, over the workers still idle with nobody waiting or on the way: a busy pool
   * serves a long text on one worker, so that its parts never queue ahead of other requests' first audio.
   */
  async #fanOutLate(form: TtsForm, signal: AbortSignal, options: SubmitOptions): Promise<PoolRun> {
    const queuedAt = performance.now();
    const worker = await this.#queue.acquire(signal);
    // A moment for requests sent together (their voice checks take I/O turns) to claim their own workers first.
    await new Promise((resolve) => setTimeout(resolve, FAN_OUT_SETTLE_MS));
    const spare = this.#closing === null && this.#queue.depth === 0 ? Math.max(0, this.#queue.idle - this.#arriving) : 0;
    const texts = planFanOut(form.text, { minChars: this.options.fanOutChars, maxParts: Math.min(1 + spare, this.fleet.readyCount()) }).parts;
    const held = { worker, queuedAt };
    if (texts.length === 1) return this.#single(form, signal, options, held);
    return fanOut(texts.map((text) => ({ ...form, text })), (part, s, index) => this.#part(part, s, options, index === 0 ? held : undefined), signal);
  }

  // A part runs on the worker it was given, or waits for its own (in FIFO order with the other parts, since all ask in the same tick).
  #part(form: TtsForm, signal: AbortSignal, options: SubmitOptions, held?: Held): StartedPart {
    const tap = new AudioTap();
    const queuedAt = held?.queuedAt ?? performance.now();
    const worker = held === undefined ? this.#queue.acquire(signal) : Promise.resolve(held.worker);
    const acquired = worker.then(() => performance.now());
    acquired.catch(() => undefined);
    const finished = runPart(worker, { form, tap, signal, failure: options.failure ?? {} }, this.#parts, options.log);
    return { tap, acquired, finished, queuedAt };
  }

  // Worth waiting for a worker before planning: fan-out is on, the text is long enough, another worker is up.
  #mayFanOut(text: string): boolean {
    if (!this.fleet.fanOut || this.options.fanOutChars <= 0) return false;
    return planFanOut(text, { minChars: this.options.fanOutChars, maxParts: this.fleet.readyCount() }).parts.length > 1;
  }
}

// With several requests per sidecar, a slot of the sidecar with the most free slots goes first (ties: the
// longest idle), so requests spread over the sidecars before they share one (k = 1: plain FIFO).
function leastLoaded(idle: readonly Worker[]): number {
  const free = new Map<Worker, number>();
  for (const worker of idle) free.set(worker, (free.get(worker) ?? 0) + 1);
  let best = 0;
  idle.forEach((worker, index) => {
    const current = idle[best];
    if (current !== undefined && (free.get(worker) ?? 0) > (free.get(current) ?? 0)) best = index;
  });
  return best;
}
