// Long text over several workers: parts run in parallel, their PCM is stitched in order.
import { PassThrough } from 'node:stream';
import { TtsError } from '../../../errors/index.js';
import { termination } from '../../../errors/termination.js';
import type { TtsForm } from '../wire/form.js';
import type { PoolRun } from './pool.js';
import { stitchParts } from './stitch.js';
import type { AudioTap } from './tap.js';

/** A part started by the pool: its raw output, when it got a worker, and how it ended. */
export interface StartedPart {
  tap: AudioTap;
  acquired: Promise<number>;
  finished: Promise<TtsError | null>;
  queuedAt: number;
}

/**
 * Starts every part at once (`startPart` is called in order, in one tick, so the parts queue next to each
 * other), resolves when the first part has a worker, and streams the stitched audio. The first part failure
 * cancels the others; `finished` settles after every part has.
 */
export async function fanOut(parts: TtsForm[], startPart: (form: TtsForm, signal: AbortSignal, index: number) => StartedPart, signal: AbortSignal): Promise<PoolRun> {
  const cancel = new AbortController();
  const partSignal = AbortSignal.any([signal, cancel.signal]);
  const started = parts.map((form, index) => startPart(form, partSignal, index));
  const all = Promise.all(started.map((p) => p.finished));
  const first = started[0];
  if (first === undefined) throw new TtsError('INVALID_INPUT', 'nothing to generate', { field: 'text' });
  let startedAt: number;
  try {
    startedAt = await first.acquired;
  } catch (error) {
    cancel.abort(error);
    await all;
    throw error;
  }
  for (const part of started) void part.finished.then((error) => error !== null && !cancel.signal.aborted && cancel.abort(error));
  const output = new PassThrough();
  const stitched = stitchParts(started.map((p) => ({ output: p.tap, finished: p.finished })), output, partSignal)
    .catch((error: unknown) => (error instanceof TtsError ? error : new TtsError('INVALID_OUTPUT', String(error), { cause: error })))
    .then((error) => {
      if (error !== null && !cancel.signal.aborted) cancel.abort(error);
      return error;
    })
    .finally(() => output.end());
  // The caller's stop explains everything; then the part failure that cancelled the rest; then the stitching.
  const finished = Promise.all([stitched, all]).then(([stitchError]) => termination([signal, cancel.signal], [stitchError]));
  return { output, finished, startedAt, spawnMs: performance.now() - startedAt, queuedMs: startedAt - first.queuedAt };
}
