// How the pool front answers a failure that happened before any audio went out.
import type { ServerResponse } from 'node:http';
import { TtsError, type TtsErrorCode } from '../errors/index.js';

// Statuses for failures of the pool itself (a sidecar's own answer keeps its status).
const STATUS: Partial<Record<TtsErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_VOICE: 400,
  QUEUE_FULL: 429,
  CLOSED: 503,
  SERVER_START_FAILED: 503,
  TIMEOUT: 504,
  WORKER_CRASHED: 502,
};

// A client's mistake that a sidecar answered with its bare 500 (e.g. an upload that is not audio) is still the client's.
const CLIENT_CODES = new Set<TtsErrorCode>(['INVALID_INPUT', 'INVALID_VOICE']);

/** The status for an error: the sidecar's when it answered (a 4xx for a client's mistake), else by code (500 for the rest, like upstream). */
export function statusFor(error: TtsError): number {
  const passed = error.details.status;
  if (typeof passed === 'number' && !(passed >= 500 && CLIENT_CODES.has(error.code))) return passed;
  return STATUS[error.code] ?? 500;
}

const MAX_DETAIL = 300;

/**
 * What a client may read of a message: its first line that is not a traceback's, with every absolute path
 * of this machine replaced by `<path>`, at most `max` characters (300; a list of voice names may be longer).
 * The whole message stays in the server's log.
 */
export function publicText(text: string, max = MAX_DETAIL): string {
  const line = text.split('\n').find((l) => l.trim() !== '' && !/^\s*(Traceback|File ")/.test(l)) ?? '';
  const scrubbed = line.replace(/(?<![\w.:/])\/(?:[^\s'"/]+\/)*[^\s'",;)/]+/g, '<path>').trim();
  return scrubbed.length > max ? `${scrubbed.slice(0, max - 1)}…` : scrubbed;
}

/**
 * Answers with upstream's JSON shape (`detail`, the sidecar's own detail when it answered) plus `code` and
 * `field`, so a runner pointed at this front rebuilds the same TtsError. Never a path, a traceback or the
 * sidecar's stderr (see {@link publicText}): those stay in the server's log.
 */
export function sendError(res: ServerResponse, cause: unknown): void {
  const error = cause instanceof TtsError ? cause : new TtsError('PROCESS_FAILED', 'the request failed (see the server log)', { cause });
  const status = statusFor(error);
  // A sidecar's 4xx detail goes on as upstream wrote it; a 500's (a bare "Internal Server Error") is replaced by the diagnosis.
  const { detail: passed, status: answered } = error.details;
  const sidecarSaid = status < 500 && passed !== undefined && !(typeof answered === 'number' && answered >= 500);
  const detail = sidecarSaid ? (typeof passed === 'string' ? publicText(passed) : passed) : publicText(error.shortMessage);
  const headers: Record<string, string> = status === 429 || status === 503 ? { 'retry-after': '1' } : {};
  sendJson(res, status, { detail, code: error.code, field: error.field }, headers);
}

/** A JSON answer (compact, like FastAPI's). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
