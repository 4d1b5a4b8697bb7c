// Signals and liveness of whole process groups (the engine runs as a group leader: its pgid is its pid).
import { existsSync } from 'node:fs';
import { listProcesses, readProcStat } from './proc.js';

// Where /proc exists, zombies can be told from live processes; elsewhere a signal 0 is all there is.
const HAS_PROC = existsSync('/proc/self/stat');

/**
 * Sends `signal` to every process of group `pgid`. False when the group no longer exists (ESRCH); true
 * otherwise, including EPERM (the group exists but we may not signal it).
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * True while a process of group `pgid` is alive. Zombies do not count: where nothing reaps orphans (a
 * container whose PID 1 is not an init), a killed grandchild stays a zombie group member forever.
 */
export async function groupAlive(pgid: number): Promise<boolean> {
  if (!signalGroup(pgid, 0)) return false;
  if (!HAS_PROC) return true;
  const all = await listProcesses();
  return all === null || all.some((p) => p.pgrp === pgid && p.state !== 'Z');
}

/** True while process `pid` exists and is not a zombie. */
export async function processAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!HAS_PROC) return true;
  const stat = await readProcStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** Signals group `pid`, or the process alone when it leads no group (spawned without `detached`). */
export function signalTree(pid: number, signal: NodeJS.Signals): boolean {
  if (signalGroup(pid, signal)) return true;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false; // ESRCH: already gone.
  }
}
