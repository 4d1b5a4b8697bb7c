// The exit abort: pocket-tts processes that wrote everything and then died of SIGABRT at interpreter
// teardown (contract: "Observed with current dependencies"). One rule, applied wherever an exit is read.
import { isTtsError } from '../errors/index.js';

/** What libstdc++ prints when a joinable thread is destroyed at exit, just before abort(). */
export const EXIT_ABORT_LINE = 'terminate called without an active exception';

/** How a process ended, and the last lines of its stderr (oldest first). */
export interface ExitFacts {
  exitCode: number | null | undefined;
  signal: string | null | undefined;
  lines: readonly string[];
}

/** The decision on an exit: `ok` (exit 0), `absorbed` (an exit abort after complete output), `failed`. */
export type ExitVerdict = 'ok' | 'absorbed' | 'failed';

/**
 * True when the process died of SIGABRT (or exited 134, the shell's and some wrappers' way of saying so)
 * and its last stderr line is the terminate message.
 */
export function isExitAbort({ exitCode, signal, lines }: ExitFacts): boolean {
  const aborted = signal === 'SIGABRT' || exitCode === 134;
  const last = lines.findLast((line) => line.trim() !== '');
  return aborted && last !== undefined && last.includes(EXIT_ABORT_LINE);
}

/**
 * The one rule: exit 0 is `ok`; an exit abort is `absorbed` when `outputComplete()` says the output is
 * whole (the WAV's silent tail and frame count, the exported file), else `failed`, like any other exit.
 */
export function judgeExit(end: ExitFacts, outputComplete: () => boolean): ExitVerdict {
  if (end.exitCode === 0 && (end.signal === null || end.signal === undefined)) return 'ok';
  return isExitAbort(end) && outputComplete() ? 'absorbed' : 'failed';
}

/**
 * A stop we asked for (SIGTERM, then SIGKILL after a grace): 0, death by SIGTERM or SIGKILL (uvicorn
 * re-raises the signal it caught; older versions exit 0) is `ok`; the exit abort after uvicorn's
 * `Finished server process` line is `absorbed`; anything else (a traceback, exit 1) `failed`.
 */
export function judgeShutdown(end: ExitFacts): ExitVerdict {
  const { exitCode, signal } = end;
  if (exitCode === 0 || exitCode === 143 || signal === 'SIGTERM' || signal === 'SIGKILL') return 'ok';
  return isExitAbort(end) && end.lines.some((line) => line.includes('Finished server process')) ? 'absorbed' : 'failed';
}

/** `pocket-tts --help` worked: exit 0, or the exit abort after the whole usage text was printed. */
export function helpWorked(result: { exitCode?: number | undefined; signal?: string | undefined; stdout: string; stderr: string }): boolean {
  const end = { exitCode: result.exitCode, signal: result.signal, lines: result.stderr.split('\n') };
  return judgeExit(end, () => /Usage:/.test(result.stdout) && /generate/.test(result.stdout)) !== 'failed';
}

/** The same facts read from a classified failure (its exit code, signal and stderr excerpt). */
export function exitFactsOf(error: unknown): ExitFacts | null {
  if (!isTtsError(error, 'PROCESS_FAILED')) return null;
  return { exitCode: error.exitCode ?? null, signal: error.signal ?? null, lines: (error.stderr ?? '').split('\n') };
}
