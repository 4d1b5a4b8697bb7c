// Maps how pocket-tts ended (exit status + last stderr lines) to an error code, per the contract's table.
import type { TtsErrorCode } from '../errors/index.js';
import { EXIT_ABORT_LINE, isExitAbort } from './exit-abort.js';
import { judgeException, type FailureContext } from './rules.js';
import { lastErrorLog, lastException } from './traceback.js';
import { usageError } from './usage.js';

/** How a pocket-tts process ended (execa's `undefined` is accepted for "none"), and what the request named. */
export interface FailureInput {
  exitCode: number | null | undefined;
  signal: string | null | undefined;
  /** The last stderr lines, oldest first (a {@link LineRing}'s `lines()`). */
  lines: readonly string[];
  context?: FailureContext;
}

/** The verdict: a code, a one-line message taken from stderr, and the field at fault when there is one. */
export interface FailureClassification {
  code: TtsErrorCode;
  /** The exception line (`Type: message`), the ERROR log message, or the usage error. */
  message: string;
  field?: string;
  /** The Python exception type when the process died of one. */
  exceptionType?: string;
}

const STDIN_EMPTY = /No input received from stdin/;

/** Classifies a failed pocket-tts run from its exit status and stderr (run with `_TYPER_STANDARD_TRACEBACK=1`). */
export function classifyFailure({ exitCode, signal, lines, context = {} }: FailureInput): FailureClassification {
  // An exit abort after a traceback still failed for the traceback's reason: read on.
  const exitAbort = isExitAbort({ exitCode, signal, lines });
  if (signal !== null && signal !== undefined && !exitAbort) return { code: 'PROCESS_FAILED', message: `pocket-tts was killed by ${signal}` };
  const exception = lastException(lines);
  const log = lastErrorLog(lines);
  // A later ERROR line (uvicorn's bind failure after an earlier request's traceback) is what ended the process.
  if (exception !== null && (log === null || log.index < exception.index)) {
    return { ...judgeException(exception, context), message: exception.line, exceptionType: exception.type };
  }
  if (exitAbort) return { code: 'PROCESS_FAILED', message: `pocket-tts died of SIGABRT (${EXIT_ABORT_LINE})` };
  if (exitCode === 2) return fromUsage(lines);
  if (log !== null && STDIN_EMPTY.test(log.message)) return { code: 'INVALID_INPUT', field: 'text', message: log.message };
  const message = log?.message ?? lastLine(lines) ?? `pocket-tts exited with code ${exitCode ?? 'unknown'}`;
  return { code: 'PROCESS_FAILED', message };
}

// Typer usage errors (exit 2): the field is the option named, in camelCase (`--lsd-decode-steps` → lsdDecodeSteps).
function fromUsage(lines: readonly string[]): FailureClassification {
  const { message, option } = usageError(lines);
  const verdict: FailureClassification = { code: 'INVALID_INPUT', message: message || 'invalid pocket-tts command line (exit code 2)' };
  return option === undefined ? verdict : { ...verdict, field: camelCase(option) };
}

function lastLine(lines: readonly string[]): string | undefined {
  return lines.findLast((line) => line.trim() !== '')?.trim();
}

function camelCase(option: string): string {
  return option.replace(/[-_]+([a-z0-9])/gi, (_m, c: string) => c.toUpperCase());
}
