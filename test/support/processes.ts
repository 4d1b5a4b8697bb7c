// Process-tree facts for tests, read straight from Linux's /proc (independent of src/process on purpose).
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** The fields of `/proc/<pid>/stat` tests need. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  /** `Z` for a zombie (dead, not yet reaped: counted as gone by every helper here). */
  state: string;
  comm: string;
}

/** Every process now, skipping those that exit while being read. */
export async function listProcesses(): Promise<ProcessInfo[]> {
  const names = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const infos = await Promise.all(names.map(readInfo));
  return infos.filter((info): info is ProcessInfo => info !== null);
}

/** Live (non-zombie) descendants of `pid`: children, grandchildren…, not `pid` itself. */
export async function descendantsOf(pid: number): Promise<number[]> {
  const all = (await listProcesses()).filter((p) => p.state !== 'Z');
  const found: number[] = [];
  const queue = [pid];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    for (const p of all) {
      if (p.ppid === parent && !found.includes(p.pid)) {
        found.push(p.pid);
        queue.push(p.pid);
      }
    }
  }
  return found;
}

/** Live (non-zombie) members of process group `pgid`, the leader included. */
export async function processGroupMembers(pgid: number): Promise<number[]> {
  return (await listProcesses()).filter((p) => p.pgrp === pgid && p.state !== 'Z').map((p) => p.pid);
}

/** True while `pid` exists and is not a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  const info = await readInfo(String(pid));
  return info !== null && info.state !== 'Z';
}

/** Polls `predicate` until it is true; rejects after `timeoutMs` naming what was awaited. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  { timeoutMs = 5_000, intervalMs = 20, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

async function readInfo(pid: string): Promise<ProcessInfo | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // Exited between readdir and readFile.
  }
  // The command name may contain spaces and parentheses: the fixed fields follow the last ')'.
  const close = text.lastIndexOf(')');
  const [state = '?', ppid = '0', pgrp = '0'] = text.slice(close + 2).split(' ');
  return { pid: Number(pid), ppid: Number(ppid), pgrp: Number(pgrp), state, comm: text.slice(text.indexOf('(') + 1, close) };
}
