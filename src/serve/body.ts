// What every route of the front does with a request body before any work: read it within its limits,
// and check its text as createTts would.
import type { IncomingMessage } from 'node:http';
import { TtsError } from '../errors/index.js';
import { prepareText, type ControlCharacterPolicy } from '../request/text.js';
import { resolveTtsOptions } from '../tts/options.js';

/** The text rules of the front (createTts's own options). */
export interface TextLimits {
  maxTextLength: number;
  controlCharacters: ControlCharacterPolicy;
}

/** How long a body may take to arrive when the front is not told (then 408). */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/** createTts's default text rules. */
export function defaultTextLimits(): TextLimits {
  const { maxTextLength, controlCharacters } = resolveTtsOptions({});
  return { maxTextLength, controlCharacters };
}

/**
 * The text createTts would send (control characters stripped or refused by the same policy), or the
 * refusal: 413 over the length limit, 400 for a NUL or an unpaired surrogate. Blank text is left to the
 * sidecar, whose answer is upstream's ("Text cannot be empty").
 */
export function checkText(text: string, limits: TextLimits): string | { status: number; body: Record<string, unknown> } {
  if (text.trim() === '') return text;
  try {
    return prepareText(text, limits.controlCharacters, limits.maxTextLength);
  } catch (error) {
    if (!(error instanceof TtsError)) throw error;
    const status = error.details.tooLong === true ? 413 : 400;
    return { status, body: { detail: error.shortMessage, code: error.code, field: error.field } };
  }
}

/**
 * The whole body (forms are small: text plus at most one voice file), `too-large` past the limit, or
 * `timeout` when it has not all arrived within `timeoutMs` (reading stops; the caller answers 408 and
 * closes the connection).
 */
export function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer | 'too-large' | 'timeout'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (value: Buffer | 'too-large' | 'timeout' | Error): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', finish);
      if (value instanceof Error) reject(value);
      else resolve(value);
      if (typeof value === 'string') req.pause();
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish('too-large');
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks));
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    req.on('data', onData).on('end', onEnd).on('error', finish);
  });
}
