// Process facts from Linux's /proc; callers fall back to signals where /proc does not exist.
import { readdir, readFile } from 'node:fs/promises';

/** One line of `/proc/<pid>/stat`, the fields the toolkit needs. */
export interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  /** `R`, `S`, `Z` (zombie: dead, waiting to be reaped)… */
  state: string;
  comm: string;
}

/** Parses `/proc/<pid>/stat`; the command name may hold spaces and parentheses, so fields follow the last `)`. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open === -1 || close < open) return null;
  const [state, ppid, pgrp] = text.slice(close + 2).split(' ');
  const pid = Number.parseInt(text.slice(0, open), 10);
  if (state === undefined || ppid === undefined || pgrp === undefined || Number.isNaN(pid)) return null;
  return { pid, ppid: Number(ppid), pgrp: Number(pgrp), state, comm: text.slice(open + 1, close) };
}

/** Every process visible in /proc, or null when /proc cannot be read. Processes that exit meanwhile are skipped. */
export async function listProcesses(): Promise<ProcStat[] | null> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return null;
  }
  const stats = await Promise.all(names.filter((name) => /^\d+$/.test(name)).map(readProcStat));
  return stats.filter((stat): stat is ProcStat => stat !== null);
}

/** `/proc/<pid>/stat` of one process, or null when it does not exist (or /proc does not). */
export async function readProcStat(pid: number | string): Promise<ProcStat | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // Gone (possibly between readdir and readFile), or no /proc.
  }
}
