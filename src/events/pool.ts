// Server mode: a pool's own events as typed WorkerEvents and sidecar exits.
import type { EventEmitter } from 'node:events';
import type { EngineObserver, PoolEvents } from './types.js';

/** Forwards a pool's events to `observer` (subscribe before `start()`, so the first model loads are reported). */
export function observePool(pool: EventEmitter<PoolEvents>, observer: EngineObserver): void {
  pool.on('ready', ({ worker, pid, loadMs }) => observer.worker({ type: 'ready', worker, pid, loadMs }));
  pool.on('crash', ({ worker, pid, exitCode, signal }) => {
    observer.exit({ process: 'serve', pid, exitCode, signal, requestId: null });
    observer.worker({ type: 'crash', worker, pid, exitCode, signal });
  });
  pool.on('recycle', ({ worker, pid, reason }) => observer.worker({ type: 'recycle', worker, pid, reason }));
  pool.on('start-failed', ({ worker, failures, error }) => observer.worker({ type: 'start-failed', worker, failures, code: error.code }));
  pool.on('failed', ({ worker, error }) => observer.worker({ type: 'failed', worker, code: error?.code ?? null }));
  pool.on('warning', (w) => observer.warning?.(w));
  pool.on('retry', ({ worker, error }) => observer.worker({ type: 'retry', worker, code: error.code }));
}
