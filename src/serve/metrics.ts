// The `serve` service's own observability: its pool's events on a fresh registry, one log line per request.
import { EventEmitter } from 'node:events';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { logRequest, observePool, type RequestEvent, type TtsEvents } from '../events/index.js';
import type { Pool } from '../engines/pool/dispatch/pool.js';
import type { Logger } from '../request/logger.js';
import { DEFAULT_METRICS_PREFIX } from '../metrics/definitions.js';
import { instrument } from '../metrics/instrument.js';

/** What the front needs: the registry for `GET /metrics` (undefined when off), and where its requests go. */
export interface ServeObservability {
  registry: Registry | undefined;
  onRequest: (event: RequestEvent) => void;
}

/**
 * Wires a pool (call before `pool.start()`, so the first model loads count) and its front: the pool's
 * metrics plus prom-client's default Node process metrics on a new registry (with `metrics`), and every
 * settled `POST /tts` logged through `log`.
 */
export function observeServe(pool: Pool, log: Logger, options: { metrics: boolean }): ServeObservability {
  const events = new EventEmitter();
  observePool(pool, { worker: (e) => events.emit('worker', e), exit: (e) => events.emit('exit', e), warning: (e) => events.emit('warning', e) });
  const registry = options.metrics ? new Registry() : undefined;
  if (registry !== undefined) {
    collectDefaultMetrics({ register: registry });
    const on = <K extends keyof TtsEvents>(name: K, listener: (event: TtsEvents[K]) => void): unknown => events.on(name, listener);
    instrument({ mode: 'server', stats: () => pool.stats(), on }, { registry, prefix: DEFAULT_METRICS_PREFIX });
  }
  return {
    registry,
    onRequest: (event) => {
      logRequest(log, event);
      events.emit('request', event);
    },
  };
}
