import { isTtsError } from '../errors/index.js';
import { cliMessage, type HintSurface } from './hints.js';

/** Prints a value as one JSON document on stdout (for `--json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Exit code of a failure: 2 for bad usage, configuration or a value out of range, 1 for a job that failed. */
export function exitCodeFor(error: unknown): 1 | 2 {
  return isTtsError(error, 'INVALID_CONFIG') || isTtsError(error, 'INVALID_INPUT') ? 2 : 1;
}

/** Prints a failure on stderr as `CODE: message` plus the hint (worded for `surface`, the command that ran), and returns the exit code for it. */
export function reportError(error: unknown, surface?: HintSurface): number {
  if (isTtsError(error)) {
    process.stderr.write(`${surface === undefined ? error.message : cliMessage(error, surface)}\n`);
    return exitCodeFor(error);
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`INTERNAL: ${text}\n`);
  return 1;
}
