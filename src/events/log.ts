// The structured log line of a settled request: the event's fields, at info (warn when it failed).
import { isTtsError } from '../errors/index.js';
import type { Logger } from '../request/logger.js';
import type { RequestEvent } from './types.js';

/** Logs one settled request through the injected logger (`msg`: `tts request ok` / `tts request failed`). */
export function logRequest(log: Logger, event: RequestEvent): void {
  const { error, ...fields } = event;
  if (error === null) return log.info({ event: 'request', ...fields }, 'tts request ok');
  log.warn({ event: 'request', ...fields, error: isTtsError(error) ? error.shortMessage : error.message }, 'tts request failed');
}
