// The one adapter from a failed zod parse to this package's words: which field, and what is wrong with it.
import type { z } from 'zod';
import { TtsError, type TtsErrorOptions } from './tts-error.js';
import type { TtsErrorCode } from './codes.js';

/** The first issue of a failed parse, read once (zod lists every issue; the first one is reported). */
export interface FirstIssue {
  /** The path as written in messages: `server.workers`, or with `brackets`, `voices[2].name`. */
  path: string;
  /** zod's message for the issue (`invalid` when there is none). */
  message: string;
  /** The keys a strict object refused (`unrecognized_keys`), else null. */
  unknownKeys: readonly string[] | null;
  /** Every issue, for `details`. */
  issues: readonly z.core.$ZodIssue[];
}

/** Reads the first issue; `brackets` writes array indexes as `[2]` instead of `.2`. */
export function firstIssue(error: z.ZodError, { brackets = false }: { brackets?: boolean } = {}): FirstIssue {
  const issue = error.issues[0];
  return {
    path: formatPath(issue?.path ?? [], brackets),
    message: issue?.message ?? 'invalid',
    unknownKeys: issue?.code === 'unrecognized_keys' ? issue.keys : null,
    issues: error.issues,
  };
}

/** How a caller words its error from the first issue. */
export interface IssueWording extends Omit<TtsErrorOptions, 'field'> {
  message: string;
  field: string;
}

/** A TtsError for a failed parse, worded by the caller from the first issue. */
export function zodError(code: TtsErrorCode, error: z.ZodError, word: (issue: FirstIssue) => IssueWording, options: { brackets?: boolean } = {}): TtsError {
  const { message, ...rest } = word(firstIssue(error, options));
  return new TtsError(code, message, rest);
}

function formatPath(path: readonly PropertyKey[], brackets: boolean): string {
  if (!brackets) return path.map(String).join('.');
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');
}
