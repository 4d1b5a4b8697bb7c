// One request (or one fan-out part) from its first slot to its end, retried once after a crash.
import type { EventEmitter } from 'node:events';
import { TtsError } from '../../../errors/index.js';
import { asTtsError } from '../../../errors/termination.js';
import type { WorkQueue } from '../../queue.js';
import type { Logger } from '../../../request/logger.js';
import { attempt, type AttemptContext, type AttemptOutcome } from './attempt.js';
import type { Slot } from '../fleet/worker.js';

/** What a part needs from its pool. */
export interface PartContext {
  queue: WorkQueue<Slot>;
  retryOnCrash: boolean;
  /** Slots in use (a counter shared with the pool's stats). */
  busy: { count: number };
  events: EventEmitter;
  log: Logger;
}

/**
 * Runs the attempt on `slot`. When the worker crashed and not one byte of audio had been forwarded, the
 * request is sent once more, to the next free slot (the crashed one rejoins the queue after its restart).
 * Ends the tap in every case; resolves to null or the failure.
 */
export async function runPart(slot: Slot, ctx: AttemptContext, pool: PartContext): Promise<TtsError | null> {
  let current = slot;
  let retried = false;
  try {
    for (;;) {
      const outcome = await once(current, ctx, pool);
      if (outcome.kind === 'ok') {
        pool.log.debug({ worker: current.name, bytes: ctx.tap.bytes, firstAudioAt: ctx.tap.firstPcmAt }, 'request served');
        return null;
      }
      const retryable = outcome.kind === 'crashed' && ctx.tap.bytes === 0 && !ctx.signal.aborted && pool.retryOnCrash;
      if (!retryable || retried) return retried ? noteRetry(outcome.error) : outcome.error;
      retried = true;
      pool.events.emit('retry', { from: current.name, error: outcome.error });
      pool.log.warn({ worker: current.name, error: outcome.error.shortMessage }, 'worker crashed before any audio: retrying the request once');
      current = await pool.queue.acquire(ctx.signal);
    }
  } catch (error) {
    return asTtsError(error);
  } finally {
    ctx.tap.end();
  }
}

async function once(slot: Slot, ctx: AttemptContext, pool: PartContext): Promise<AttemptOutcome> {
  const lease = slot.lease();
  if (lease === null) return { kind: 'crashed', error: new TtsError('WORKER_CRASHED', `${slot.name} died before the request was sent`) };
  pool.busy.count++;
  try {
    return await attempt(lease, ctx);
  } finally {
    pool.busy.count--;
  }
}

// The error says that the request was already sent twice, so the caller does not retry blindly.
function noteRetry(error: TtsError): TtsError {
  return new TtsError(error.code, `${error.shortMessage} (after one retry on another worker)`, {
    hint: error.hint,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.exitCode === undefined ? {} : { exitCode: error.exitCode }),
    ...(error.signal === undefined ? {} : { signal: error.signal }),
    ...(error.stderr === undefined ? {} : { stderr: error.stderr }),
    details: { ...error.details, retried: true },
    cause: error,
  });
}
