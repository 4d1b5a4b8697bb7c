// Maps a non-200 answer of POST /tts (a sidecar's, or a pool front's) to the TtsError it means.
import { TtsError, type TtsErrorCode } from '../../../errors/index.js';
import { isErrorCode } from '../../../errors/tts-error.js';
import { classifyFailure, type FailureContext } from '../../../process/index.js';

/** A /tts answer that is not audio. */
export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string | undefined;
}

/** What the caller knows besides the answer: the server's stderr lines for this request, and the request's voice/config. */
export interface AnswerContext {
  /** The sidecar's stderr since the request was sent (null: not available, e.g. an external pool). */
  stderr: readonly string[] | null;
  failure?: FailureContext;
}

// Upstream's 400 details that are about the voice; any other 400 is about the input.
const VOICE_DETAILS = [/^voice_url must start with/, /^Cannot provide both voice_url and voice_wav/];
const TEXT_DETAILS = [/^Text cannot be empty/];

/**
 * 400/422 → INVALID_INPUT or INVALID_VOICE with the server's detail; 500 → classified from the sidecar's
 * traceback like a CLI failure (PROCESS_FAILED when unrecognised) with its stderr excerpt; a pool front's
 * JSON `code` is taken as is. `details.status` and `details.detail` keep the answer for pass-through.
 */
export function answerError(answer: HttpAnswer, context: AnswerContext): TtsError {
  const detail = jsonDetail(answer);
  const base = { details: { status: answer.status, detail: detail.raw } };
  if (detail.code !== undefined) return fromPool(detail.code, detail, base);
  if (answer.status === 422) return new TtsError('INVALID_INPUT', `the server refused the form: ${detail.text}`, { ...base, field: detail.field ?? 'text' });
  if (answer.status === 400) {
    if (VOICE_DETAILS.some((re) => re.test(detail.text))) return new TtsError('INVALID_VOICE', detail.text, { ...base, field: 'voice' });
    return new TtsError('INVALID_INPUT', detail.text, { ...base, field: TEXT_DETAILS.some((re) => re.test(detail.text)) ? 'text' : undefined });
  }
  if (answer.status === 500 && context.stderr !== null) return classifiedError(context.stderr, context.failure ?? {}, base);
  return new TtsError('PROCESS_FAILED', `the server answered ${answer.status}: ${detail.text || '(empty body)'}`, base);
}

interface Detail {
  raw: unknown;
  text: string;
  field?: string;
  code?: TtsErrorCode;
  stderr?: string;
}

function jsonDetail(answer: HttpAnswer): Detail {
  let parsed: unknown;
  try {
    parsed = /json/i.test(answer.contentType ?? '') ? JSON.parse(answer.body) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return { raw: answer.body, text: answer.body.trim() };
  const body = parsed as { detail?: unknown; code?: unknown; field?: unknown; stderr?: unknown };
  const detail: Detail = { raw: body.detail, text: detailText(body.detail) };
  if (isErrorCode(body.code)) detail.code = body.code;
  const field = typeof body.field === 'string' ? body.field : validationField(body.detail);
  if (field !== undefined) detail.field = field;
  if (typeof body.stderr === 'string') detail.stderr = body.stderr;
  return detail;
}

// FastAPI's 422: [{ loc: ['body', 'text'], msg }]; a string detail otherwise.
function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (!Array.isArray(detail)) return JSON.stringify(detail ?? null);
  return detail.map((d: { loc?: unknown[]; msg?: unknown }) => `${(d.loc ?? []).join('.')}: ${String(d.msg)}`).join('; ');
}

function validationField(detail: unknown): string | undefined {
  if (!Array.isArray(detail)) return undefined;
  const loc = (detail[0] as { loc?: unknown[] } | undefined)?.loc;
  const name = loc?.at(-1);
  if (name === 'voice_wav' || name === 'voice_url') return 'voice';
  return typeof name === 'string' ? name : undefined;
}

function fromPool(code: TtsErrorCode, detail: Detail, base: { details: Record<string, unknown> }): TtsError {
  return new TtsError(code, detail.text, {
    ...base,
    field: detail.field,
    stderr: detail.stderr,
  });
}

/** The error a sidecar's traceback points to (the CLI's classification), with its stderr excerpt. */
export function classifiedError(stderr: readonly string[], context: FailureContext, base: { details?: Record<string, unknown> }): TtsError {
  const verdict = classifyFailure({ exitCode: undefined, signal: undefined, lines: stderr, context });
  const known = verdict.exceptionType !== undefined;
  return new TtsError(verdict.code, known ? verdict.message : 'the server answered 500 Internal Server Error', {
    ...base,
    field: verdict.field,
    stderr: stderr.slice(-20).join('\n'),
  });
}
