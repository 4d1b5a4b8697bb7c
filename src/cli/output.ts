import { isTtsError } from '../errors/index.js';

/** Prints a value as one JSON document on stdout (for `--json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints a failure on stderr as `CODE: message` plus the hint, and returns the exit code for it. */
export function reportError(error: unknown): number {
  if (isTtsError(error)) {
    process.stderr.write(`${error.message}\n`);
    return error.code === 'INVALID_CONFIG' ? 2 : 1;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`INTERNAL: ${text}\n`);
  return 1;
}
