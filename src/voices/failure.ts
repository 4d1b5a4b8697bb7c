// Per-voice errors from what pocket-tts printed: the same classification as the runner's.
import { TtsError } from '../errors/index.js';
import { classifyFailure, type LineRing } from '../process/index.js';
import type { VoiceJob } from './source.js';

/** How a process or a helper job ended. */
export interface VoiceFailureInput {
  exitCode: number | null | undefined;
  signal: string | null | undefined;
  /** The lines to classify (the exception line, or the process's last stderr lines). */
  lines: readonly string[];
  /** Excerpt for the error's `stderr`. */
  ring: LineRing;
}

/** A TtsError for one voice (INVALID_VOICE for an unreadable source, MODEL_DOWNLOAD_FAILED offline…). */
export function voiceFailure(job: VoiceJob, end: VoiceFailureInput): TtsError {
  const verdict = classifyFailure({
    exitCode: end.exitCode,
    signal: end.signal,
    lines: end.lines,
    context: { voice: job.input, config: job.config },
  });
  return new TtsError(verdict.code, `voice "${job.name}": ${verdict.message}`, {
    field: verdict.field === 'voice' ? 'source' : verdict.field,
    exitCode: end.exitCode ?? undefined,
    signal: end.signal ?? undefined,
    stderr: end.ring.excerpt(20),
  });
}
