// Warm spares: started sidecars kept out of the queue, swapped in at once when a worker is recycled.
import { setTimeout as sleep } from 'node:timers/promises';
import { Sidecar, type SidecarSpec } from './sidecar.js';

/**
 * Keeps `size` ready sidecars. `take()` hands one out (or null) and starts its replacement; a spare that
 * dies is replaced after `retryMs`. Costs one model's memory and load per spare.
 */
export class SparePool {
  readonly #ready: Sidecar[] = [];
  #starting = 0;
  readonly #closing = new AbortController();
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly size: number,
    private readonly spec: SidecarSpec & { closeGraceMs: number },
    private readonly retryMs: number,
  ) {}

  /** Spares ready now. */
  get ready(): number {
    return this.#ready.length;
  }

  /** Starts filling the pool; resolves once the first round of starts settled. */
  async fill(): Promise<void> {
    while (this.#ready.length + this.#starting < this.size && !this.#closing.signal.aborted) this.#startOne(0);
    await Promise.all(this.#pending);
  }

  /** A ready spare, or null; its replacement starts in the background. */
  take(): Sidecar | null {
    const spare = this.#ready.shift() ?? null;
    if (spare !== null) void this.fill();
    return spare;
  }

  async close(): Promise<void> {
    this.#closing.abort();
    await Promise.all([...this.#ready.splice(0).map((s) => s.stop(this.spec.closeGraceMs)), ...this.#pending]);
  }

  #startOne(delayMs: number): void {
    this.#starting++;
    const started = (async () => {
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.#closing.signal }).catch(() => undefined);
      const sidecar = this.#closing.signal.aborted ? null : await Sidecar.start({ ...this.spec, signal: this.#closing.signal }).catch(() => null);
      this.#starting--;
      if (sidecar === null) {
        if (!this.#closing.signal.aborted) this.#startOne(this.retryMs);
        return;
      }
      if (this.#closing.signal.aborted) return sidecar.stop(this.spec.closeGraceMs);
      this.#ready.push(sidecar);
      void sidecar.exited.then(() => this.#lost(sidecar));
    })();
    this.#pending.add(started);
    void started.finally(() => this.#pending.delete(started));
  }

  #lost(sidecar: Sidecar): void {
    const index = this.#ready.indexOf(sidecar);
    if (index < 0) return; // taken by a worker, or stopped at close
    this.#ready.splice(index, 1);
    if (!this.#closing.signal.aborted) this.#startOne(this.retryMs);
  }
}
