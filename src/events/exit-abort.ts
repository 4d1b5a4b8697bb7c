// The warning every site gives when it keeps the result of a process that died of the exit abort.
import type { WarningEvent } from './types.js';

/** The warning for an absorbed exit abort of `process` (serving `requestId`, when it served one). */
export function exitAbortWarning(process: WarningEvent['process'], requestId: string | null): WarningEvent {
  return {
    type: 'exit-abort',
    process,
    requestId,
    message: `pocket-tts ${process} died of SIGABRT at exit ("terminate called without an active exception") after its output was complete: the result was kept`,
  };
}
