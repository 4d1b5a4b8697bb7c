// Runs a command to completion: stdin, env, timeout, raw stdout bytes, decoded stderr, never throws.
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';

/** Environment of a child: a complete map (variables absent here are absent in the child). */
export type ChildEnv = Record<string, string>;

export interface RunOptions {
  /** Complete environment of the child (see the target's `env()`). */
  env: ChildEnv;
  /** Bytes or text written to stdin, then stdin is closed (default: empty stdin). */
  input?: string | Uint8Array;
  /** Kill with SIGKILL after this many ms (default 60 s). */
  timeoutMs?: number;
  cwd?: string;
}

export interface RunResult {
  /** Exit code, undefined when killed by a signal. */
  exitCode: number | undefined;
  /** Signal that ended the process, if any. */
  signal: string | undefined;
  timedOut: boolean;
  stdout: Buffer;
  stderr: string;
  durationMs: number;
}

export async function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const result = await execa(file, args, {
    env: options.env,
    extendEnv: false,
    input: options.input ?? '',
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    reject: false,
    encoding: 'buffer',
    stripFinalNewline: false,
  });
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    stdout: Buffer.from(result.stdout),
    stderr: Buffer.from(result.stderr).toString('utf8'),
    durationMs: performance.now() - started,
  };
}

/** Non-empty lines of a text, right-trimmed. */
export function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
}

/** The last non-empty line (what "stderr ends with" refers to), trimmed. */
export function lastLine(text: string): string {
  return (lines(text).at(-1) ?? '').trim();
}

/** Box-drawing characters (U+2500–U+257F), which rich uses for its panels and tracebacks. */
export function hasBoxDrawing(text: string): boolean {
  return /[\u2500-\u257f]/.test(text);
}

/** A short description of a result, for assertion messages. */
export function describeResult(r: RunResult): string {
  return `exit=${String(r.exitCode)} signal=${String(r.signal)} stdout=${r.stdout.length}B stderr:\n${r.stderr.slice(-3000)}`;
}

/** What libstdc++ prints before abort() when a joinable thread is destroyed at interpreter teardown. */
export const EXIT_ABORT_LINE = 'terminate called without an active exception';

/**
 * A run that succeeded: exit 0, or, in environments that show it (contract: "Observed with current
 * dependencies"), death by SIGABRT with libstdc++'s terminate line last, after the command's work was
 * done. Tests that care about the output check it on their own; this says only how the process ended.
 */
export function exitedOk(r: { exitCode?: number | null | undefined; signal?: string | null | undefined; stderr?: string | Buffer | undefined }): boolean {
  if (r.exitCode === 0) return true;
  const stderr = r.stderr === undefined ? '' : r.stderr.toString();
  return (r.signal === 'SIGABRT' || r.exitCode === 134) && lastLine(stderr) === EXIT_ABORT_LINE;
}
