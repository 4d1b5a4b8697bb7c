// Waiting for a sidecar to be ready: its bind line, then GET /health 200, before a deadline.
import { setTimeout as sleep } from 'node:timers/promises';
import { TtsError } from '../../../errors/index.js';
import { stopReason } from '../../../errors/termination.js';
import { getHealth } from '../../../health/check.js';
import type { SidecarExit } from './sidecar.js';

const POLL_MS = 20;

/** What {@link waitHealthy} watches. */
export interface ReadyWatch {
  url: string;
  /** Resolves when the server printed that it is bound. */
  bound: Promise<void>;
  exited: Promise<SidecarExit>;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Resolves once /health answers 200 after the bind line; rejects with SERVER_START_FAILED when the process
 * exits or the deadline passes first, or with the signal's reason when it aborts.
 */
export async function waitHealthy({ url, bound, exited, timeoutMs, signal }: ReadyWatch): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([bound.then(() => pollHealth(url, stop.signal)), deadline(timeoutMs, stop.signal), exitFailure(exited), callerAbort(signal, stop.signal)]);
  } finally {
    stop.abort();
  }
}

async function pollHealth(url: string, stop: AbortSignal): Promise<void> {
  while (!stop.aborted) {
    if ((await getHealth(url, { timeoutMs: 2_000 })) === 200) return;
    await sleep(POLL_MS, undefined, { signal: stop }).catch(() => undefined);
  }
}

async function deadline(timeoutMs: number, stop: AbortSignal): Promise<void> {
  const passed = await sleep(timeoutMs, true, { signal: stop }).catch(() => false);
  if (passed) throw new TtsError('SERVER_START_FAILED', `did not become healthy within ${timeoutMs} ms`);
}

async function exitFailure(exited: Promise<SidecarExit>): Promise<never> {
  const { exitCode, signal, spawnError } = await exited;
  if (spawnError !== null) throw new TtsError('SERVER_START_FAILED', `could not be started (${spawnError})`);
  throw new TtsError('SERVER_START_FAILED', `exited before it was ready (${signal === null ? `exit code ${exitCode}` : `signal ${signal}`})`);
}

// Never settles unless the caller aborts; its listener goes away with the internal stop.
function callerAbort(signal: AbortSignal | undefined, stop: AbortSignal): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    if (signal === undefined) return;
    const onAbort = (): void => reject(stopReason(signal, 'the sidecar start was cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stop.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
  });
}
