// Start pocket-tts (or uvx) as the leader of its own process group, registered for cleanup.
import { execa, type ResultPromise } from 'execa';
import { TtsError } from '../errors/index.js';
import { WATCHDOG_FD, withParentDeath } from './parent-death.js';
import { trackGroup } from './registry.js';

/** A command line prefix: the program and the arguments that come before the program's own. */
export interface CommandPrefix {
  /** Absolute path of the program to spawn. */
  file: string;
  /** Arguments placed before the caller's (uvx: `--from pocket-tts==2.1.0 … pocket-tts`). */
  args: readonly string[];
}

/** What the engine's stdin is: `'pipe'` to write the text to `--text -`, `'ignore'` for `serve`. */
export type EngineStdin = 'pipe' | 'ignore';

/** Options of {@link spawnEngine}. */
export interface SpawnEngineOptions<Stdin extends EngineStdin = EngineStdin> {
  /** The complete environment (see {@link engineEnv}); the parent's is not added. */
  env: Readonly<Record<string, string>>;
  /** Default `'pipe'`. */
  stdin?: Stdin;
  cwd?: string;
}

// detached: own process group (pgid = pid), so one signal reaches uvx, Python and anything they start.
// buffer false: stdout is audio, read as a stream. reject false: the runner classifies failures itself.
const FIXED = {
  detached: true,
  buffer: false,
  reject: false,
  encoding: 'buffer',
  extendEnv: false,
} as const;

/**
 * An engine subprocess: binary stdout and stderr streams, a promise of its result that never rejects;
 * `stdin` is a Writable for `'pipe'`, null for `'ignore'`.
 */
export type EngineSubprocess<Stdin extends EngineStdin = EngineStdin> = ResultPromise<
  typeof FIXED & { stdin: Stdin; stdout: 'pipe'; stderr: 'pipe'; env: Record<string, string>; cwd?: string }
>;

/**
 * Spawns `prefix.file` with `[...prefix.args, ...args]` in its own process group, registered so the group is
 * SIGKILLed if this Node process exits first, and behind the parent-death watchdog (`parent-death.ts`) so
 * it is SIGKILLed too when this process dies without running any handler (kill -9). Read `stdout` and `stderr` at once (e.g. {@link watchStderr}).
 * A program that cannot be started shows as `result.failed` with `result.code` (e.g. `ENOENT`).
 */
export function spawnEngine<Stdin extends EngineStdin = 'pipe'>(
  prefix: CommandPrefix,
  args: readonly string[],
  options: SpawnEngineOptions<Stdin>,
): EngineSubprocess<Stdin> {
  const command = withParentDeath({ file: prefix.file, args: [...prefix.args, ...args] }, options.env);
  const stdio: [Stdin, 'pipe', 'pipe', 'pipe'] = [options.stdin ?? ('pipe' as Stdin), 'pipe', 'pipe', 'pipe'];
  if (stdio.length !== WATCHDOG_FD + 1) throw new Error('the watchdog fd must be the last of stdio');
  const subprocess = execa(command.file, command.args, {
    ...FIXED,
    stdio,
    env: { ...options.env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  trackGroup(subprocess);
  // The same streams as stdin/stdout/stderr options would give (plus the watchdog's, which nobody reads);
  // execa cannot type a stdio array whose first member is generic, so the caller's literal decides here.
  return subprocess as unknown as EngineSubprocess<Stdin>;
}

/** How a process ended, as far as {@link neverStarted} needs it (an execa result). */
export interface StartOutcome {
  failed: boolean;
  exitCode?: number | undefined;
  signal?: string | undefined;
  code?: string | undefined;
  message?: string | undefined;
}

/** True when the program could not be started at all (ENOENT, EACCES): no exit code, no signal. */
export function neverStarted(result: StartOutcome): boolean {
  return result.failed && result.exitCode === undefined && result.signal === undefined;
}

/** EXECUTABLE_NOT_FOUND for a program that {@link neverStarted}. */
export function startFailure(file: string, result: StartOutcome, durationMs?: number): TtsError {
  return new TtsError('EXECUTABLE_NOT_FOUND', `cannot start ${file}: ${result.code ?? result.message}`, { cause: result, durationMs });
}
