// The dispatcher: a bounded queue in front of the slots, one request per slot, retry-once, fan-out.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { TtsError } from '../../../errors/index.js';
import { asTtsError } from '../../../errors/termination.js';
import { WorkQueue } from '../../queue.js';
import type { EngineStats } from '../../types.js';
import type { FailureContext } from '../../../process/index.js';
import type { Logger } from '../../../request/logger.js';
import { fanOut } from './fanout.js';
import type { Fleet } from '../fleet/fleet.js';
import type { TtsForm } from '../wire/form.js';
import { runPart } from './part.js';
import { planFanOut } from './split.js';
import { AudioTap } from './tap.js';
import type { Slot } from '../fleet/worker.js';

/** How long a long text holding its first slot waits before taking idle ones for its other parts. */
export const FAN_OUT_SETTLE_MS = 10;

/** How a pool dispatches. */
export interface PoolOptions {
  /** Requests waiting for a slot before QUEUE_FULL. */
  maxQueue: number;
  /** Texts at least this long are fanned out over the slots (0: never). */
  fanOutChars: number;
  /** Retry a request once on another slot when its worker crashed before any audio was forwarded. */
  retryOnCrash: boolean;
}

/** One request for the pool. */
export interface SubmitOptions {
  /** Aborts the request (its reason is what `finished` reports). */
  signal: AbortSignal;
  log: Logger;
  /** The request's voice and config, to classify failures like CLI mode. */
  failure?: FailureContext;
  /** From {@link Pool.arriving}: called as the request reaches the pool. */
  arrived?: () => void;
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

/**
 * A pool of slots behind a WorkQueue (FIFO, bounded, abortable). Events (an EventEmitter): `ready`,
 * `crash`, `start-failed`, `failed`, `recycle` from the workers, `retry` when a request is sent again.
 */
export class Pool extends EventEmitter {
  readonly #queue: WorkQueue<Slot>;
  readonly #cancels = new Set<AbortController>();
  readonly #runs = new Set<Promise<unknown>>();
  readonly #busy = { count: 0 };
  #arriving = 0;
  #closing: Promise<void> | null = null;

  constructor(
    readonly fleet: Fleet,
    private readonly options: PoolOptions,
  ) {
    super();
    this.#queue = new WorkQueue<Slot>(options.maxQueue);
  }

  /** Starts the fleet: resolves once every slot is ready or gave up (at least one ready), else SERVER_START_FAILED. */
  start(): Promise<void> {
    return this.fleet.start(this.#queue, this);
  }

  /** Starts one request once a slot is free; rejects with QUEUE_FULL, CLOSED, or the signal's reason while waiting. */
  async submit(form: TtsForm, options: SubmitOptions): Promise<PoolRun> {
    options.arrived?.();
    if (this.#closing !== null) throw new TtsError('CLOSED', 'the server pool is closed');
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
   * function is called (at the latest by submit()): fan-out leaves it an idle slot.
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

  /** Queue depth, busy and idle slots. */
  stats(): EngineStats {
    return { queued: this.#queue.depth, busy: this.#busy.count, idle: this.#queue.idle };
  }

  /** Slots up now; 0 means the pool cannot serve (its front answers 503 on /health). */
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

  async #single(form: TtsForm, signal: AbortSignal, options: SubmitOptions, held?: { slot: Slot; queuedAt: number }): Promise<PoolRun> {
    const part = this.#part(form, signal, options, held);
    const startedAt = await part.acquired;
    return { output: part.tap, finished: part.finished, startedAt, spawnMs: performance.now() - startedAt, queuedMs: startedAt - part.queuedAt };
  }

  /**
   * Fan-out decided once the first slot is held, over the slots still idle with nobody waiting or on the way: a busy pool
   * serves a long text on one slot, so that its parts never queue ahead of other requests' first audio.
   */
  async #fanOutLate(form: TtsForm, signal: AbortSignal, options: SubmitOptions): Promise<PoolRun> {
    const queuedAt = performance.now();
    const slot = await this.#queue.acquire(signal);
    // A moment for requests sent together (their voice checks take I/O turns) to claim their own slots first.
    await new Promise((resolve) => setTimeout(resolve, FAN_OUT_SETTLE_MS));
    const spare = this.#closing === null && this.#queue.depth === 0 ? Math.max(0, this.#queue.idle - this.#arriving) : 0;
    const texts = planFanOut(form.text, { minChars: this.options.fanOutChars, maxParts: Math.min(1 + spare, this.fleet.readyCount()) }).parts;
    const held = { slot, queuedAt };
    if (texts.length === 1) return this.#single(form, signal, options, held);
    return fanOut(texts.map((text) => ({ ...form, text })), (part, s, index) => this.#part(part, s, options, index === 0 ? held : undefined), signal);
  }

  // A part runs on the slot it was given, or waits for its own (in FIFO order with the other parts, since all ask in the same tick).
  #part(form: TtsForm, signal: AbortSignal, options: SubmitOptions, held?: { slot: Slot; queuedAt: number }): { tap: AudioTap; acquired: Promise<number>; finished: Promise<TtsError | null>; queuedAt: number } {
    const tap = new AudioTap();
    const queuedAt = held?.queuedAt ?? performance.now();
    const slot = held === undefined ? this.#queue.acquire(signal) : Promise.resolve(held.slot);
    const acquired = slot.then(() => performance.now());
    const context = { queue: this.#queue, retryOnCrash: this.options.retryOnCrash, busy: this.#busy, events: this, log: options.log };
    const finished = slot.then(
      (s) => runPart(s, { form, tap, signal, failure: options.failure ?? {} }, context),
      (error: unknown) => {
        tap.end();
        return asTtsError(error);
      },
    );
    acquired.catch(() => undefined);
    return { tap, acquired, finished, queuedAt };
  }

  // Worth waiting for a slot before planning: fan-out is on, the text is long enough, another slot is up.
  #mayFanOut(text: string): boolean {
    if (!this.fleet.fanOut || this.options.fanOutChars <= 0) return false;
    return planFanOut(text, { minChars: this.options.fanOutChars, maxParts: this.fleet.readyCount() }).parts.length > 1;
  }
}
