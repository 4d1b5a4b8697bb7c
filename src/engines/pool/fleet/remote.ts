// An external, already-running pool (`pocket-tts-runtime serve`) or pocket-tts server, by URL.
import { setTimeout as sleep } from 'node:timers/promises';
import { TtsError } from '../../../errors/index.js';
import type { Fleet, FleetHooks } from './fleet.js';
import { getHealth } from '../../../health/check.js';
import type { Lease, Worker } from './worker.js';

/** An external endpoint and how it is used. */
export interface RemoteFleetSpec {
  /** Base URL, e.g. `http://sidecar:8000` (no trailing `/tts`). */
  url: string;
  /** Requests sent at once; more wait in the local queue. */
  concurrency: number;
  /** How long start() waits for /health to answer 200. */
  startTimeoutMs: number;
}

/**
 * Workers that all point at one URL: nothing is spawned; GET /health gates readiness; a connection failure
 * is WORKER_CRASHED; an abandoned request only closes its connection (a pool front stops its worker
 * then; a bare upstream server would keep generating).
 */
export class RemoteFleet implements Fleet {
  readonly fanOut = false;
  readonly #workers: RemoteWorker[];
  #ready = false;

  constructor(private readonly spec: RemoteFleetSpec) {
    this.#workers = Array.from({ length: spec.concurrency }, (_, i) => new RemoteWorker(`${spec.url}#${i}`, spec.url.replace(/\/+$/, '')));
  }

  get size(): number {
    return this.#workers.length;
  }

  async start(hooks: FleetHooks): Promise<void> {
    const deadline = performance.now() + this.spec.startTimeoutMs;
    let status: number | null = null;
    while (performance.now() < deadline) {
      status = await getHealth(this.spec.url, { timeoutMs: Math.max(1, Math.min(5_000, deadline - performance.now())) });
      if (status === 200) break;
      await sleep(Math.min(250, Math.max(0, deadline - performance.now())));
    }
    if (status !== 200) {
      throw new TtsError('SERVER_START_FAILED', `the server pool at ${this.spec.url} did not answer GET /health with 200 within ${this.spec.startTimeoutMs} ms (last: ${status ?? 'no answer'})`, {
        details: { url: this.spec.url, status },
        hint: 'Check that the pool runs (`pocket-tts-runtime serve`) and that this host can reach its URL.',
      });
    }
    this.#ready = true;
    for (const worker of this.#workers) {
      worker.hooks = hooks;
      hooks.available(worker);
    }
    hooks.event('ready', { worker: this.spec.url, pid: null, loadMs: null });
  }

  readyCount(): number {
    return this.#ready ? this.#workers.length : 0;
  }

  stopRestarts(): void {}

  close(): Promise<void> {
    this.#ready = false;
    return Promise.resolve();
  }

  pids(): number[] {
    return [];
  }
}

/** One request at a time to the external pool. */
class RemoteWorker implements Worker {
  hooks: FleetHooks | null = null;

  constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  lease(): Lease {
    return {
      url: this.url,
      mark: () => 0,
      failureLines: () => Promise.resolve(null),
      crashed: (cause) => Promise.resolve(this.#crashed(cause)),
      abandon: () => Promise.resolve(this.#release()),
      done: () => this.#release(),
    };
  }

  #crashed(cause: unknown): TtsError {
    this.#release();
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new TtsError('WORKER_CRASHED', `the connection to the server pool at ${this.url} failed: ${reason}`, { details: { url: this.url }, cause });
  }

  #release(): void {
    this.hooks?.available(this);
  }
}
