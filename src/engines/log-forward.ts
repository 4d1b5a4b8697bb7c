import type { LogLine } from '../process/index.js';
import type { Logger } from '../request/logger.js';

/**
 * Forwards one pocket-tts stderr line to the caller's logger: its INFO chatter at debug, warnings and
 * errors at their own level; lines without a level (traceback lines) at debug.
 */
export function forwardLogLine(log: Logger, line: LogLine): void {
  const entry = { source: 'pocket-tts', level: line.level };
  switch (line.level) {
    case 'WARNING':
      log.warn(entry, line.message);
      return;
    case 'ERROR':
    case 'CRITICAL':
      log.error(entry, line.message);
      return;
    default:
      log.debug(entry, line.message);
  }
}
