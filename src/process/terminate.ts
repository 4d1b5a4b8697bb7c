// Stop a process group: SIGTERM to all of it, SIGKILL to all of it after a grace period.
import { groupAlive, processAlive, signalTree } from './group.js';
import { holdGroup, type ChildLike } from './registry.js';
import { pollUntil } from './wait.js';

/** Options of {@link terminateTree}. */
export interface TerminateOptions {
  /** Time between SIGTERM and SIGKILL (default 5,000 ms; uvicorn's graceful shutdown takes a few seconds). */
  graceMs?: number;
  /** How often the group is checked for survivors (default 25 ms). */
  pollMs?: number;
}

/** How the direct child ended. */
export interface TerminateResult {
  /**
   * The signal that ended the direct child, or null when it exited with a code. For a bare pid (whose
   * exit status only its parent can read): the last signal sent while it was alive.
   */
  signal: NodeJS.Signals | null;
  exitCode: number | null;
  /** True when something in the group outlived the grace period and got SIGKILL. */
  forced: boolean;
}

type Exit = Omit<TerminateResult, 'forced'>;

// After SIGKILL the kernel needs a moment; a bare pid we may not signal must not hang us forever.
const AFTER_KILL_MS = 2_000;

/**
 * Terminates the process group led by `target` (a subprocess spawned with `detached: true`, or its pid):
 * SIGTERM to the group, then SIGKILL to the group if anything in it is alive after `graceMs`. Resolves once
 * the direct child has exited and its group is empty (or SIGKILLed). Safe to call twice, or after the exit:
 * a subprocess that already exited is not signalled (its group id may have been reused since).
 */
export async function terminateTree(target: ChildLike | number, options: TerminateOptions = {}): Promise<TerminateResult> {
  const { graceMs = 5_000, pollMs = 25 } = options;
  const child = typeof target === 'number' ? null : target;
  const pid = child === null ? (target as number) : child.pid;
  const known = child === null ? null : exitOf(child);
  if (pid === undefined || known !== null) return { ...(known ?? { signal: null, exitCode: null }), forced: false };
  const release = holdGroup(pid);
  try {
    return await stop(pid, child, graceMs, pollMs);
  } finally {
    release();
  }
}

async function stop(pid: number, child: ChildLike | null, graceMs: number, pollMs: number): Promise<TerminateResult> {
  const exited = child === null ? null : waitExit(child);
  const leaderAlive = async (): Promise<boolean> => (child === null ? processAlive(pid) : exitOf(child) === null);
  const wasAlive = await leaderAlive();
  signalTree(pid, 'SIGTERM');
  const settled = async (): Promise<boolean> => !(await leaderAlive()) && !(await groupAlive(pid));
  if (await pollUntil(settled, { timeoutMs: graceMs, pollMs })) {
    return { ...((await exited) ?? { signal: wasAlive ? 'SIGTERM' : null, exitCode: null }), forced: false };
  }
  const aliveAtKill = await leaderAlive();
  signalTree(pid, 'SIGKILL');
  await pollUntil(settled, { timeoutMs: AFTER_KILL_MS, pollMs });
  const guess: Exit = { signal: aliveAtKill ? 'SIGKILL' : wasAlive ? 'SIGTERM' : null, exitCode: null };
  return { ...((await exited) ?? guess), forced: true };
}

function exitOf(child: ChildLike): Exit | null {
  if (child.exitCode === null && child.signalCode === null) return null;
  return { signal: child.signalCode, exitCode: child.exitCode };
}

function waitExit(child: ChildLike): Promise<Exit> {
  const known = exitOf(child);
  if (known !== null) return Promise.resolve(known);
  return new Promise((resolve) => child.once('exit', (exitCode, signal) => resolve({ signal, exitCode })));
}
