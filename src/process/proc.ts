// Process facts from Linux's /proc, read in one place; callers fall back to signals where /proc does not exist.
import { readFileSync } from 'node:fs';
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

/** CPU times of one process in clock ticks: its own, and those of its reaped children (`c…`). */
export interface ProcTimes {
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/**
 * Splits a `/proc/<pid>/stat` line: the pid, the command name, and the fields after it (field 3, the
 * state, first). The command name may hold spaces and parentheses, so the fields follow the last `)`.
 */
function statFields(text: string): { pid: number; comm: string; fields: string[] } | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open === -1 || close < open) return null;
  const pid = Number.parseInt(text.slice(0, open), 10);
  if (Number.isNaN(pid)) return null;
  return { pid, comm: text.slice(open + 1, close), fields: text.slice(close + 2).split(' ') };
}

/** Parses `/proc/<pid>/stat` into the identity fields. */
export function parseProcStat(text: string): ProcStat | null {
  const stat = statFields(text);
  const [state, ppid, pgrp] = stat?.fields ?? [];
  if (stat === null || state === undefined || ppid === undefined || pgrp === undefined) return null;
  return { pid: stat.pid, ppid: Number(ppid), pgrp: Number(pgrp), state, comm: stat.comm };
}

/** Fields 14-17 of `/proc/<pid>/stat`: utime, stime, cutime, cstime. */
export function parseProcTimes(text: string): ProcTimes | null {
  const [utime, stime, cutime, cstime] = (statFields(text)?.fields ?? []).slice(11, 15).map(Number);
  if (utime === undefined || stime === undefined || cutime === undefined || cstime === undefined || Number.isNaN(utime + stime + cutime + cstime)) return null;
  return { utime, stime, cutime, cstime };
}

/**
 * A process's start time in clock ticks since boot (field 22), or null where /proc is unavailable.
 * Together with the pid it identifies a process even after its pid is reused.
 */
export function processStartTime(pid: number): string | null {
  return statFields(readStatSync(pid))?.fields[19] ?? null;
}

/** `/proc/<pid>/stat` as text, read synchronously (a generated file: microseconds); '' when it is gone. */
export function readStatSync(pid: number | string): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
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
