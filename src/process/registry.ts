// Every process group this Node process started; all get SIGKILL if Node exits or dies of a signal first.
import { onExit } from 'signal-exit';
import { signalGroup } from './group.js';

/** The part of a child process the registry needs (a ChildProcess or an execa subprocess). */
export interface ChildLike {
  readonly pid?: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

interface Entry {
  leaderAlive: boolean;
  /** terminateTree calls in progress: they own the group's fate until they finish. */
  holds: number;
}

const groups = new Map<number, Entry>();
let removeExitHandler: (() => void) | null = null;

/**
 * Registers the group led by `child` (spawned with `detached: true`) and forgets it when the leader exits.
 * At that moment anything left in the group is an orphan of the engine and gets SIGKILL, unless a
 * terminateTree call is in progress (it finishes the job with its own grace period).
 */
export function trackGroup(child: ChildLike): void {
  const pgid = child.pid;
  if (pgid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  groups.set(pgid, { leaderAlive: true, holds: 0 });
  removeExitHandler ??= onExit(killAllGroups);
  child.once('exit', () => leaderExited(pgid));
}

/** Marks `pgid` as being terminated: the leader's exit does not sweep it, Node's exit still does. */
export function holdGroup(pgid: number): () => void {
  const entry = groups.get(pgid);
  if (entry === undefined) return () => undefined;
  entry.holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.holds--;
    if (!entry.leaderAlive && entry.holds === 0) forget(pgid);
  };
}

/** The process group ids registered now. */
export function liveGroups(): number[] {
  return [...groups.keys()];
}

/** SIGKILL to every registered group, synchronously (safe inside an exit handler). */
export function killAllGroups(): void {
  for (const pgid of groups.keys()) signalGroup(pgid, 'SIGKILL');
}

function leaderExited(pgid: number): void {
  const entry = groups.get(pgid);
  if (entry === undefined) return;
  entry.leaderAlive = false;
  if (entry.holds > 0) return;
  signalGroup(pgid, 'SIGKILL');
  forget(pgid);
}

// Without groups, signal-exit's handlers are removed, so Node's own signal behaviour is untouched.
function forget(pgid: number): void {
  groups.delete(pgid);
  if (groups.size === 0 && removeExitHandler !== null) {
    removeExitHandler();
    removeExitHandler = null;
  }
}
