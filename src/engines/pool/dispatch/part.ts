// One part (a whole request, or one piece of a fanned-out text) from its first worker to its end, retried once after a crash.
import { TtsError } from '../../../errors/index.js';
import { asTtsError } from '../../../errors/termination.js';
import type { Logger } from '../../../request/logger.js';
import type { Worker } from '../fleet/worker.js';
import { attempt, type AttemptContext, type AttemptOutcome } from './attempt.js';

/** What a part needs from its pool: the queue for a retry, and where it reports. */
export interface PartContext {
  /** The next free worker (for the retry). */
  acquire(signal: AbortSignal): Promise<Worker>;
  /** Workers in use change: +1 when an attempt holds a lease, -1 when it ended (the pool's stats). */
  busy(change: 1 | -1): void;
  /** The part is sent again (the pool's `retry` event). */
  retrying(from: Worker, error: TtsError): void;
  retryOnCrash: boolean;
}

/**
 * Runs one attempt on the first worker. When that worker crashed and not one byte of audio had been
 * forwarded, the part is sent once more, to the next free worker (the crashed one comes back after its
 * restart). Ends the tap in every case; resolves to null or the failure, never rejects.
 */
export async function runPart(first: Promise<Worker>, ctx: AttemptContext, pool: PartContext, log: Logger): Promise<TtsError | null> {
  let retried = false;
  try {
    let worker = await first;
    for (;;) {
      const outcome = await once(worker, ctx, pool);
      if (outcome.kind === 'ok') {
        log.debug({ worker: worker.name, bytes: ctx.tap.bytes, firstAudioAt: ctx.tap.firstPcmAt }, 'request served');
        return null;
      }
      const retryable = outcome.kind === 'crashed' && ctx.tap.bytes === 0 && !ctx.signal.aborted && pool.retryOnCrash;
      if (!retryable || retried) return retried ? noteRetry(outcome.error) : outcome.error;
      retried = true;
      pool.retrying(worker, outcome.error);
      log.warn({ worker: worker.name, error: outcome.error.shortMessage }, 'worker crashed before any audio: retrying the request once');
      worker = await pool.acquire(ctx.signal);
    }
  } catch (error) {
    return asTtsError(error);
  } finally {
    ctx.tap.end();
  }
}

async function once(worker: Worker, ctx: AttemptContext, pool: PartContext): Promise<AttemptOutcome> {
  const lease = worker.lease();
  if (lease === null) return { kind: 'crashed', error: new TtsError('WORKER_CRASHED', `${worker.name} died before the request was sent`) };
  pool.busy(1);
  try {
    return await attempt(lease, ctx);
  } finally {
    pool.busy(-1);
  }
}

// The error says that the request was already sent twice, so the caller does not retry blindly.
function noteRetry(error: TtsError): TtsError {
  return new TtsError(error.code, `${error.shortMessage} (after one retry on another worker)`, {
    hint: error.hint,
    field: error.field,
    exitCode: error.exitCode,
    signal: error.signal,
    stderr: error.stderr,
    details: { ...error.details, retried: true },
    cause: error,
  });
}
