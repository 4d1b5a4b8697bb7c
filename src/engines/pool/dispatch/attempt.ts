// One attempt: one POST /tts of one part on one leased worker: send, forward the audio, and say how it ended.
import type { IncomingMessage } from 'node:http';
import { TtsError } from '../../../errors/index.js';
import { stopReason } from '../../../errors/termination.js';
import { lastException, type FailureContext } from '../../../process/index.js';
import { postTts, readAnswer, responseEnd } from '../wire/client.js';
import type { TtsForm } from '../wire/form.js';
import { answerError, classifiedError } from '../wire/status.js';
import type { AudioTap } from './tap.js';
import { trailerError } from '../wire/trailer.js';
import type { Lease } from '../fleet/worker.js';

/** How an attempt ended: `crashed` attempts may be retried (when nothing was forwarded yet). */
export type AttemptOutcome =
  | { kind: 'ok' }
  | { kind: 'failed' | 'crashed' | 'aborted'; error: TtsError };

/** What an attempt needs besides the lease. */
export interface AttemptContext {
  form: TtsForm;
  /** Where the audio goes (never ended here: a retry may continue it). */
  tap: AudioTap;
  signal: AbortSignal;
  failure: FailureContext;
}

/**
 * Sends the form and pipes a 200 body into the tap with backpressure. An abort while the server may still
 * generate abandons the lease (the sidecar is stopped: upstream would go on after a disconnect).
 */
export async function attempt(lease: Lease, { form, tap, signal, failure }: AttemptContext): Promise<AttemptOutcome> {
  if (signal.aborted) {
    lease.done(false);
    return { kind: 'aborted', error: stopReason(signal) };
  }
  const mark = lease.mark();
  const connection = new AbortController();
  const cancel = (): void => connection.abort();
  signal.addEventListener('abort', cancel, { once: true });
  let generating = true;
  let res: IncomingMessage | undefined;
  try {
    const voiced = form.voiceUrl === undefined && form.voiceWav === undefined && lease.voiceless !== undefined ? { ...form, ...lease.voiceless } : form;
    res = await postTts(lease.url, voiced, connection.signal);
    if (res.statusCode !== 200) {
      generating = false;
      const answer = await readAnswer(res);
      const stderr = answer.status >= 500 ? await lease.failureLines(mark) : null;
      lease.done(false);
      return { kind: 'failed', error: answerError(answer, { stderr, failure }) };
    }
    res.on('data', (chunk: Buffer) => tap.observe(chunk)); // before pipe: the arrival is noted before forwarding
    res.pipe(tap, { end: false });
    await responseEnd(res, signal);
    generating = false;
    return await ending(lease, res, tap, mark, failure);
  } catch (cause) {
    res?.unpipe(tap);
    if (signal.aborted) {
      await (generating ? lease.abandon() : Promise.resolve(lease.done(false)));
      return { kind: 'aborted', error: stopReason(signal) };
    }
    return { kind: 'crashed', error: await lease.crashed(cause) };
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

// A 200 that ended: a finished generation ends with its trailing silence; a pool front says why it did not.
async function ending(lease: Lease, res: IncomingMessage, tap: AudioTap, mark: number, failure: FailureContext): Promise<AttemptOutcome> {
  res.unpipe(tap);
  const reported = trailerError(res);
  if (reported === null && tap.endsWithSilence) {
    lease.done(true);
    return { kind: 'ok' };
  }
  const lines = reported === null ? await lease.failureLines(mark) : null;
  lease.done(false);
  return { kind: 'failed', error: reported ?? stoppedMidStream(lines, failure) };
}

// Upstream ends a failed generation's 200 normally: the traceback on stderr (when there is one) says why.
function stoppedMidStream(lines: string[] | null, failure: FailureContext): TtsError {
  if (lines !== null && lastException(lines) !== null) return classifiedError(lines, failure, {});
  return new TtsError('PROCESS_FAILED', 'the generation stopped mid-stream (the audio ended without its trailing silence)', {
    stderr: lines === null || lines.length === 0 ? undefined : lines.slice(-20).join('\n'),
  });
}
