// How a request ended, decided in one place (the execa way): a stop explains everything after it.
import { TtsError } from './tts-error.js';

/**
 * The TtsError an aborted signal stands for: its reason when that is a TtsError (TIMEOUT, ABORTED, CLOSED…
 * as the stopper decided), else ABORTED with the reason as its cause (a bare `abort()`).
 */
export function stopReason(signal: AbortSignal, message = 'the request was aborted'): TtsError {
  return asTtsError(signal.reason, message);
}

/** A rejection as a TtsError: a TtsError as it is, anything else (an abort reason) as ABORTED with it as cause. */
export function asTtsError(error: unknown, message = 'the request was aborted'): TtsError {
  return error instanceof TtsError ? error : new TtsError('ABORTED', message, { cause: error });
}

/**
 * What ended a piece of work, decided once. Precedence: the reason of the first aborted `stops` signal
 * (a timeout, an abort or a close explains every failure it caused: a killed process, a broken stream);
 * then the first of `failures` in the order given (callers list the most telling first: the process's own
 * failure before a stream error it caused). Null when nothing failed.
 */
export function termination<E extends Error>(stops: readonly AbortSignal[], failures: readonly (E | null | undefined)[]): TtsError | E | null {
  const stopped = stops.find((signal) => signal.aborted);
  if (stopped !== undefined) return stopReason(stopped);
  return failures.find((failure): failure is E => failure instanceof Error) ?? null;
}
