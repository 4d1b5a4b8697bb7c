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

/** The status for an error: the sidecar's when it answered, else by code (500 for the rest, like upstream). */
export function statusFor(error: TtsError): number {
  const passed = error.details.status;
  return typeof passed === 'number' ? passed : (STATUS[error.code] ?? 500);
}

/**
 * Answers with upstream's JSON shape (`detail`, the sidecar's own detail when it answered) plus `code`,
 * `field` and `stderr`, so a runner pointed at this front rebuilds the same TtsError.
 */
export function sendError(res: ServerResponse, cause: unknown): void {
  const error = cause instanceof TtsError ? cause : new TtsError('PROCESS_FAILED', String(cause), { cause });
  const status = statusFor(error);
  // A sidecar's 4xx detail goes on as upstream wrote it; a 500's (a bare "Internal Server Error") is replaced by the diagnosis.
  const detail = status < 500 && error.details.detail !== undefined ? error.details.detail : error.shortMessage;
  const headers: Record<string, string> = status === 429 || status === 503 ? { 'retry-after': '1' } : {};
  sendJson(res, status, { detail, code: error.code, field: error.field, stderr: error.stderr }, headers);
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
