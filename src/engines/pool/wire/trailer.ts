// A pool front's way to say why a 200 audio stream ended early: an HTTP trailer after the last chunk.
import type { IncomingMessage } from 'node:http';
import { TtsError } from '../../../errors/index.js';
import { isErrorCode } from '../../../errors/tts-error.js';

/** Trailer name, announced in the `Trailer` header of every 200 the front sends. */
export const ERROR_TRAILER = 'x-pocket-tts-error';

/** The trailer value for an error: URI-encoded JSON (header values cannot hold line breaks or non-ASCII). */
export function encodeTrailer(error: TtsError): string {
  return encodeURIComponent(JSON.stringify({ code: error.code, detail: error.shortMessage, field: error.field, stderr: error.stderr }));
}

/** The error a front reported in the response's trailer, or null (none, or not readable). */
export function trailerError(res: IncomingMessage): TtsError | null {
  const raw = res.trailers[ERROR_TRAILER];
  if (raw === undefined || raw === '') return null;
  try {
    const body = JSON.parse(decodeURIComponent(raw)) as { code?: string; detail?: string; field?: string; stderr?: string };
    const code = isErrorCode(body.code) ? body.code : 'PROCESS_FAILED';
    return new TtsError(code, body.detail ?? 'the server pool reported a failure', { field: body.field, stderr: body.stderr });
  } catch {
    return new TtsError('PROCESS_FAILED', `the server pool reported an unreadable failure: ${raw.slice(0, 200)}`);
  }
}
