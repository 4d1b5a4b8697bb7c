import { TtsError } from '../errors/index.js';
import { stopReason } from '../errors/termination.js';

interface Waiter<T> {
  resolve(slot: T): void;
  reject(error: unknown): void;
  cleanup(): void;
}

/**
 * A bounded FIFO in front of a set of slots (CLI mode: process permits; server mode: idle workers).
 * `acquire` hands out an idle slot at once, queues the caller while the queue has room, and refuses
 * with QUEUE_FULL immediately when it has none. A waiter whose signal aborts leaves the queue.
 */
export class WorkQueue<T> {
  readonly #idle: T[] = [];
  readonly #waiters: Waiter<T>[] = [];
  #closed: TtsError | null = null;

  /** `pick`: which idle slot to hand out (its index; default the longest idle, index 0). */
  constructor(
    readonly maxQueue: number,
    private readonly pick: (idle: readonly T[]) => number = () => 0,
  ) {}

  /** Callers waiting for a slot. */
  get depth(): number {
    return this.#waiters.length;
  }

  /** Slots free right now. */
  get idle(): number {
    return this.#idle.length;
  }

  /** Takes an idle slot, or waits for one (FIFO), or refuses when the queue is full or closed. */
  acquire(signal?: AbortSignal): Promise<T> {
    if (this.#closed !== null) return Promise.reject(this.#closed);
    if (signal?.aborted === true) return Promise.reject(stopReason(signal));
    const slot = this.#idle.length === 0 ? undefined : this.#idle.splice(this.pick(this.#idle), 1)[0];
    if (slot !== undefined) return Promise.resolve(slot);
    if (this.#waiters.length >= this.maxQueue) {
      return Promise.reject(new TtsError('QUEUE_FULL', `all workers are busy and ${this.#waiters.length} requests are queued (maxQueue ${this.maxQueue})`));
    }
    return new Promise<T>((resolve, reject) => {
      // Registered only with a signal: the one that aborted.
      const onAbort = (): void => {
        this.#remove(waiter);
        if (signal !== undefined) reject(stopReason(signal));
      };
      const waiter: Waiter<T> = { resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Returns a slot: the longest waiter gets it, else it becomes idle. */
  release(slot: T): void {
    const waiter = this.#waiters.shift();
    if (waiter === undefined) {
      this.#idle.push(slot);
      return;
    }
    waiter.cleanup();
    waiter.resolve(slot);
  }

  /** Takes a slot out of service (a crashed worker) if it is idle; returns whether it was. */
  retire(slot: T): boolean {
    const index = this.#idle.indexOf(slot);
    if (index < 0) return false;
    this.#idle.splice(index, 1);
    return true;
  }

  /** Refuses new work and rejects every waiter with `error`. */
  close(error: TtsError): void {
    this.#closed = error;
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup();
      waiter.reject(error);
    }
  }

  #remove(waiter: Waiter<T>): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) this.#waiters.splice(index, 1);
    waiter.cleanup();
  }
}
