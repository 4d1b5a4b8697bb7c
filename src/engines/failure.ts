import { TtsError } from '../errors/index.js';
import { classifyFailure, type FailureContext, type LineRing } from '../process/index.js';
import type { ValidatedRequest } from '../request/request.js';
import { voiceArgument } from '../request/voice.js';

/** What ended a pocket-tts process, as both engines know it. */
export interface ProcessEnd {
  exitCode: number | null | undefined;
  signal: string | null | undefined;
  durationMs: number;
}

/** The request's voice and config as the failure classifier reads them (both engines). */
export function failureContext(request: Pick<ValidatedRequest, 'voice' | 'config'>): FailureContext {
  return { voice: voiceArgument(request.voice), config: request.config };
}

/** Turns a failed pocket-tts process into the typed error its stderr points to (contract's table). */
export function processFailure(end: ProcessEnd, ring: LineRing, request: ValidatedRequest | undefined, cause?: unknown): TtsError {
  const verdict = classifyFailure({
    exitCode: end.exitCode,
    signal: end.signal,
    lines: ring.lines(),
    context: request === undefined ? {} : failureContext(request),
  });
  return new TtsError(verdict.code, verdict.message, {
    field: verdict.field,
    exitCode: typeof end.exitCode === 'number' ? end.exitCode : undefined,
    signal: typeof end.signal === 'string' ? end.signal : undefined,
    stderr: ring.excerpt(20),
    durationMs: end.durationMs,
    cause,
  });
}
