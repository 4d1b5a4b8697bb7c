// Periodic GET /health of a running sidecar: a few misses in a row mean it is no longer serving.
import type { Sidecar } from './sidecar.js';
import { getHealth } from '../../../health/check.js';

const MISSES = 3;

/** Asks the current sidecar's /health every `intervalMs`; calls `onUnhealthy` after 3 misses in a row. */
export class HealthWatch {
  #timer: NodeJS.Timeout | null = null;
  #checking = false;
  #misses = 0;
  #watched: Sidecar | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly current: () => Sidecar | null,
    private readonly onUnhealthy: (sidecar: Sidecar) => void,
  ) {}

  /** Starts (or keeps) the timer; it never keeps Node alive. */
  start(): void {
    if (this.#timer !== null || this.intervalMs <= 0) return;
    this.#timer = setInterval(() => void this.#check(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #check(): Promise<void> {
    const sidecar = this.current();
    if (sidecar === null || !sidecar.alive || this.#checking) return;
    if (sidecar !== this.#watched) [this.#watched, this.#misses] = [sidecar, 0];
    this.#checking = true;
    const status = await getHealth(sidecar.url, { timeoutMs: Math.min(this.intervalMs, 5_000) });
    this.#checking = false;
    this.#misses = status === 200 ? 0 : this.#misses + 1;
    if (this.#misses >= MISSES && sidecar.alive) {
      this.#misses = 0;
      this.onUnhealthy(sidecar);
    }
  }
}
