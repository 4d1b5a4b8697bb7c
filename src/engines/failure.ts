import { TtsError } from '../errors/index.js';
import { classifyFailure, type LineRing } from '../process/index.js';
import type { ValidatedRequest } from '../request/request.js';
import { voiceArgument } from '../request/voice.js';

/** What ended a pocket-tts process, as both engines know it. */
export interface ProcessEnd {
  exitCode: number | null | undefined;
  signal: string | null | undefined;
  durationMs: number;
}

/** Turns a failed pocket-tts process into the typed error its stderr points to (contract's table). */
export function processFailure(end: ProcessEnd, ring: LineRing, request: ValidatedRequest | undefined, cause?: unknown): TtsError {
  const voice = request === undefined ? undefined : voiceArgument(request.voice);
  const verdict = classifyFailure({
    exitCode: end.exitCode,
    signal: end.signal,
    lines: ring.lines(),
    context: { ...(voice === undefined ? {} : { voice }), ...(request?.config === undefined ? {} : { config: request.config }) },
  });
  return new TtsError(verdict.code, verdict.message, {
    ...(verdict.field === undefined ? {} : { field: verdict.field }),
    ...(typeof end.exitCode === 'number' ? { exitCode: end.exitCode } : {}),
    ...(typeof end.signal === 'string' ? { signal: end.signal } : {}),
    stderr: ring.excerpt(20),
    durationMs: end.durationMs,
    ...(cause === undefined ? {} : { cause }),
  });
}
