// The one adapter from a failed zod parse to this package's words: which field, and what is wrong with it.
import type { z } from 'zod';
import { didYouMean } from './suggest.js';
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
  /** For a refused key, ` (did you mean "x"?)` with the closest key the object accepts (given its schema), else ''. */
  didYouMean: string;
  /** Every issue, for `details`. */
  issues: readonly z.core.$ZodIssue[];
}

/** How an issue is read: `brackets` writes array indexes as `[2]` instead of `.2`; `schema` lets a refused key get a guess. */
export interface IssueOptions {
  brackets?: boolean;
  schema?: z.ZodType;
}

/** Reads the first issue. */
export function firstIssue(error: z.ZodError, { brackets = false, schema }: IssueOptions = {}): FirstIssue {
  const issue = error.issues[0];
  const unknownKeys = issue?.code === 'unrecognized_keys' ? issue.keys : null;
  const accepted = unknownKeys === null || schema === undefined ? [] : keysAt(schema, issue?.path ?? []);
  return {
    path: formatPath(issue?.path ?? [], brackets),
    message: issue?.message ?? 'invalid',
    unknownKeys,
    didYouMean: unknownKeys?.[0] === undefined ? '' : didYouMean(unknownKeys[0], accepted),
    issues: error.issues,
  };
}

// The keys an object schema accepts at `path`, through optional, default, pipe (transform) and union wrappers.
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const inner = (def.innerType ?? def.in) as z.ZodType | undefined;
  if (inner !== undefined) return keysAt(inner, path);
  if (def.type === 'union') return (def.options as z.ZodType[]).flatMap((option) => keysAt(option, path));
  if (def.type !== 'object') return [];
  const shape = def.shape as Record<string, z.ZodType>;
  const [head, ...rest] = path;
  if (head === undefined) return Object.keys(shape);
  const field = shape[String(head)];
  return field === undefined ? [] : keysAt(field, rest);
}

/** How a caller words its error from the first issue. */
export interface IssueWording extends Omit<TtsErrorOptions, 'field'> {
  message: string;
  field: string;
}

/** A TtsError for a failed parse, worded by the caller from the first issue. */
export function zodError(code: TtsErrorCode, error: z.ZodError, word: (issue: FirstIssue) => IssueWording, options: IssueOptions = {}): TtsError {
  const { message, ...rest } = word(firstIssue(error, options));
  return new TtsError(code, message, rest);
}

function formatPath(path: readonly PropertyKey[], brackets: boolean): string {
  if (!brackets) return path.map(String).join('.');
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');
}
