import { ERROR_CODES, TTS_ERROR_CODES, type TtsErrorCode } from './codes.js';

/** Everything known about a failure; all optional but the code and the short message. */
export interface TtsErrorOptions {
  /** What to do next: an exact command or setting when there is one (defaults to the code's fix). */
  hint?: string;
  /** The request or config field at fault (INVALID_INPUT, INVALID_VOICE, INVALID_CONFIG). */
  field?: string;
  exitCode?: number;
  signal?: string;
  timedOut?: boolean;
  /** The last lines pocket-tts (or the installer) printed on stderr. */
  stderr?: string;
  durationMs?: number;
  /** Code-specific facts (lock owner, rejected Python candidates, HTTP status…). */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/** The one error type of this package: a `code` from a closed union plus the whole result of the failure. */
export class TtsError extends Error {
  override readonly name = 'TtsError';
  readonly code: TtsErrorCode;
  /** One line, without the stderr excerpt or the hint. */
  readonly shortMessage: string;
  readonly hint: string;
  readonly field: string | undefined;
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly timedOut: boolean;
  readonly stderr: string | undefined;
  readonly durationMs: number | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: TtsErrorCode, shortMessage: string, options: TtsErrorOptions = {}) {
    const hint = options.hint ?? ERROR_CODES[code].fix;
    super(longMessage(code, shortMessage, hint, options), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.hint = hint;
    this.field = options.field;
    this.exitCode = options.exitCode;
    this.signal = options.signal;
    this.timedOut = options.timedOut ?? false;
    this.stderr = options.stderr;
    this.durationMs = options.durationMs;
    this.details = options.details ?? {};
  }

  /** A plain object for logs and `--json` output (no stack, no cause chain). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.shortMessage,
      hint: this.hint,
      field: this.field,
      exitCode: this.exitCode,
      signal: this.signal,
      timedOut: this.timedOut,
      stderr: this.stderr,
      durationMs: this.durationMs,
      details: this.details,
    };
  }
}

function longMessage(code: TtsErrorCode, short: string, hint: string, o: TtsErrorOptions): string {
  const facts = [
    o.exitCode === undefined ? undefined : `exit code ${o.exitCode}`,
    o.signal === undefined ? undefined : `signal ${o.signal}`,
    o.durationMs === undefined ? undefined : `after ${Math.round(o.durationMs)} ms`,
  ].filter((f): f is string => f !== undefined);
  const lines = [`${code}: ${short}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`];
  if (o.stderr !== undefined && o.stderr.trim() !== '') lines.push('stderr:', indent(o.stderr.trimEnd()));
  lines.push(`fix: ${hint}`);
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** Narrowing helper: `isTtsError(e, 'TIMEOUT')`. */
export function isTtsError(value: unknown, code?: TtsErrorCode): value is TtsError {
  return value instanceof TtsError && (code === undefined || value.code === code);
}

/** True for one of the package's error codes (e.g. a `code` read back from a server's JSON answer). */
export function isErrorCode(value: unknown): value is TtsErrorCode {
  return typeof value === 'string' && (TTS_ERROR_CODES as readonly string[]).includes(value);
}
