// CPU time and memory of a process tree from Linux's /proc. Sampled every few tens of milliseconds while
// engines run, so the common path reads only the tree's own files, synchronously (~0.1 ms, no thread pool).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isWatchdogCmdline } from '../process/parent-death.js';
import { listProcesses, parseProcTimes, readStatSync, type ProcTimes } from '../process/proc.js';

export { parseProcTimes, type ProcTimes } from '../process/proc.js';

/** /proc reports times in USER_HZ, 100 per second on every Linux architecture Node supports. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** A moment's total for a tree: CPU used so far (see descendantUsage), memory now, processes alive. */
export interface UsageSnapshot {
  cpuMs: number;
  rssBytes: number;
  processes: number;
}

/** `VmRSS` of `/proc/<pid>/status` in bytes (0 for a zombie or a kernel thread). */
export function parseRssBytes(status: string): number {
  const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kib === undefined ? 0 : Number(kib) * 1024;
}

/**
 * CPU used so far by every descendant of `root`, exited ones included, and their memory now; null without
 * /proc. The CPU is exact for processes that exited between two snapshots: the kernel adds a reaped
 * child's time (its own and its reaped children's) to its parent's `cutime`/`cstime`, so the total is
 * root's children-times plus, for each live descendant, its own and its children-times.
 */
export async function descendantUsage(root: number = process.pid): Promise<UsageSnapshot | null> {
  const pids = childrenFilesExist() ? descendantsFromChildrenFiles(root) : await descendantsFromScan(root);
  if (pids === null) return null;
  const rows = pids.map(readRow);
  const self = parseProcTimes(readStatSync(root));
  if (self === null) return null;
  let ticks = self.cutime + self.cstime;
  let rssBytes = 0;
  let processes = 0;
  for (const row of rows) {
    if (row === null) continue; // Reaped since the listing: its time is in its parent's children-times now.
    ticks += row.times.utime + row.times.stime + row.times.cutime + row.times.cstime;
    rssBytes += row.rssBytes;
    // Engine processes only: a parent-death watchdog (a blocked `sh`) is ours, not the engine's; its few
    // hundred kB and no CPU stay in the totals.
    processes += row.rssBytes > 0 && !row.watchdog ? 1 : 0;
  }
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssBytes, processes };
}

let childrenFiles: boolean | undefined;

// `/proc/<pid>/task/<tid>/children` needs CONFIG_PROC_CHILDREN (most distributions have it).
function childrenFilesExist(): boolean {
  childrenFiles ??= existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
  return childrenFiles;
}

/** Descendants of `root` from each thread's children list (a child belongs to the thread that forked it). */
function descendantsFromChildrenFiles(root: number): number[] {
  return descendants(root, (parent) => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      return []; // Gone since its parent listed it.
    }
    return tasks.flatMap((tid) => readText(`/proc/${parent}/task/${tid}/children`).split(' ').filter((pid) => pid !== '').map(Number));
  });
}

/** Descendants of `root` from a scan of every process (zombies included: their time is not yet their parent's). */
async function descendantsFromScan(root: number): Promise<number[] | null> {
  const all = await listProcesses();
  if (all === null) return null;
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of all) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  return descendants(root, (parent) => children.get(parent) ?? []);
}

// Breadth-first below `root`, each process's children listed by `childrenOf`.
function descendants(root: number, childrenOf: (pid: number) => readonly number[]): number[] {
  const found: number[] = [];
  const queue = [root];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    const next = childrenOf(parent);
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function readRow(pid: number): { times: ProcTimes; rssBytes: number; watchdog: boolean } | null {
  const times = parseProcTimes(readStatSync(pid));
  return times === null ? null : { times, rssBytes: parseRssBytes(readText(`/proc/${pid}/status`)), watchdog: isWatchdogCmdline(readText(`/proc/${pid}/cmdline`)) };
}

// /proc files are generated in memory: a synchronous read costs microseconds. '' when the process is gone.
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
