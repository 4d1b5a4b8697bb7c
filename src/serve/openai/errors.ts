// OpenAI's error shape for `/v1/audio/speech`: `{ error: { message, type, param, code } }`.
import type { ServerResponse } from 'node:http';
import { TtsError } from '../../errors/index.js';
import { publicText, sendJson, statusFor } from '../errors.js';

/** The body OpenAI's clients read (`APIError.message`, `.type`, `.param`, `.code`). */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** OpenAI's error type for a status. */
function typeFor(status: number): string {
  if (status === 429) return 'rate_limit_error';
  return status < 500 ? 'invalid_request_error' : 'server_error';
}

/** A refusal of the request itself (400 unless said otherwise): `code` is this package's error code. */
export function openAiError(message: string, param: string | null, code: string, status = 400): { status: number; body: OpenAiErrorBody } {
  return { status, body: { error: { message, type: typeFor(status), param, code } } };
}

/** Answers a failure before any audio went out: the pool's statuses (as on `/tts`), OpenAI's shape. */
export function sendOpenAiError(res: ServerResponse, cause: unknown): void {
  const error = cause instanceof TtsError ? cause : new TtsError('PROCESS_FAILED', String(cause), { cause });
  const status = statusFor(error);
  const detail = error.details.detail;
  const message = status < 500 && typeof detail === 'string' ? detail : error.shortMessage;
  const param = error.field === undefined ? null : error.field === 'text' ? 'input' : error.field;
  // Never a path, a traceback or the sidecar's stderr (as on /tts): those stay in the server's log.
  const { body } = openAiError(publicText(message), param, error.code, status);
  sendJson(res, status, body, status === 429 || status === 503 ? { 'retry-after': '1' } : {});
}
