// The lock's view of processes: whether a pid exists, and when it started (from the one /proc reader).
export { processStartTime } from '../process/proc.js';

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
