// Server mode: a pool's own events (see Pool) as typed WorkerEvents and sidecar exits.
import type { EventEmitter } from 'node:events';
import { isTtsError, type TtsErrorCode } from '../errors/index.js';
import type { EngineObserver, RestartReason, WarningEvent } from './types.js';

type Data = Record<string, unknown>;

/** Forwards a pool's `ready`, `crash`, `recycle`, `start-failed`, `failed`, `retry` and `warning` events to `observer` (subscribe before `start()`). */
export function observePool(pool: EventEmitter, observer: EngineObserver): void {
  pool.on('ready', (d: Data) => observer.worker({ type: 'ready', worker: name(d.worker), pid: num(d.pid), loadMs: num(d.loadMs) }));
  pool.on('crash', (d: Data) => {
    const exit = { pid: num(d.pid), exitCode: num(d.exitCode), signal: typeof d.signal === 'string' ? d.signal : null };
    observer.exit({ process: 'serve', ...exit, requestId: null });
    observer.worker({ type: 'crash', worker: name(d.worker), ...exit });
  });
  pool.on('recycle', (d: Data) => observer.worker({ type: 'recycle', worker: name(d.worker), pid: num(d.pid), reason: recycleReason(d.why) }));
  pool.on('start-failed', (d: Data) => observer.worker({ type: 'start-failed', worker: name(d.worker), failures: num(d.failures) ?? 1, code: codeOf(d.error) ?? 'SERVER_START_FAILED' }));
  pool.on('failed', (d: Data) => observer.worker({ type: 'failed', worker: name(d.worker), code: codeOf(d.error) }));
  pool.on('warning', (w: WarningEvent) => observer.warning?.(w));
  pool.on('retry', (d: Data) => observer.worker({ type: 'retry', worker: name(d.from), code: codeOf(d.error) ?? 'WORKER_CRASHED' }));
}

// The worker's own words ('abandoned request', 'broken connection') as a label value.
function recycleReason(why: unknown): RestartReason {
  return why === 'broken connection' ? 'broken_connection' : 'abandoned';
}

function name(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function codeOf(error: unknown): TtsErrorCode | null {
  return isTtsError(error) ? error.code : null;
}
