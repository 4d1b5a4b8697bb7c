// Events to observations: one function per event type.
import type { ProcessExitEvent, RequestEvent, WarningEvent, WorkerEvent } from '../events/types.js';
import type { Instruments } from './instruments.js';

const seconds = (ms: number): number => ms / 1000;

/** Counts a settled request and observes its timings. */
export function recordRequest(m: Instruments, e: RequestEvent): void {
  const { mode } = e;
  m.requests.inc({ mode, api: e.api, outcome: e.outcome });
  m.duration.observe({ mode, outcome: e.outcome }, seconds(e.totalMs));
  if (e.outcome === 'error') m.errors.inc({ mode, code: e.code ?? 'unknown' });
  if (e.queuedMs !== null) m.queueWait.observe({ mode }, seconds(e.queuedMs));
  if (e.spawnMs !== null) m.spawn.observe({ mode }, seconds(e.spawnMs));
  if (e.firstByteMs !== null) m.firstAudio.observe({ mode }, seconds(e.firstByteMs));
  if (e.audioMs !== null) m.audio.inc({ mode }, seconds(e.audioMs));
  if (e.realTimeFactor !== null) m.realTimeFactor.observe({ mode }, e.realTimeFactor);
  if (e.voice !== null) m.voices.inc({ mode, source: e.voice });
}

/** Model loads, restarts, failed starts and retries of server-mode workers. */
export function recordWorker(m: Instruments, e: WorkerEvent): void {
  switch (e.type) {
    case 'ready':
      if (e.loadMs !== null) m.modelLoad.observe(seconds(e.loadMs));
      return;
    case 'crash':
      return m.restarts.inc({ reason: 'crash' });
    case 'recycle':
      return m.restarts.inc({ reason: e.reason });
    case 'start-failed':
      return m.startFailures.inc();
    case 'retry':
      return m.retries.inc();
    case 'failed':
      return;
  }
}

/** A process exit by its exit code, else its signal. */
export function recordExit(m: Instruments, e: ProcessExitEvent): void {
  m.exits.inc({ process: e.process, status: e.exitCode === null ? (e.signal ?? 'unknown') : String(e.exitCode) });
}

/** An absorbed exit abort, by process. */
export function recordWarning(m: Instruments, e: WarningEvent): void {
  if (e.type === 'exit-abort') m.exitAborts.inc({ process: e.process });
}
