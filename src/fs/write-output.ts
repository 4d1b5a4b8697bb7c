// Writes a generated file where the user asked: a regular file atomically, a device, FIFO or socket directly.
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { TtsError } from '../errors/index.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * Writes `content` to `file`. A regular file (or a new one) is written beside and renamed into place; a
 * character device, FIFO or socket is opened and written directly, never renamed over (that would replace
 * `/dev/full` with a regular file). Any failure is OUTPUT_FAILED with the errno (ENOSPC, EPIPE, EACCES…).
 */
export async function writeOutput(file: string, content: Uint8Array): Promise<void> {
  const existing = await stat(file).catch(() => null);
  try {
    if (existing === null || existing.isFile()) await writeFileAtomic(file, content);
    else if (isStream(existing)) await writeDirect(file, content);
    else throw Object.assign(new Error(`${file} is not a regular file, device or FIFO`), { code: existing.isDirectory() ? 'EISDIR' : 'EINVAL' });
  } catch (error) {
    throw outputFailed(file, error);
  }
}

/** True for what is written in place: a character device, a FIFO or a socket. */
export function isStream(stats: Stats): boolean {
  return stats.isCharacterDevice() || stats.isFIFO() || stats.isSocket();
}

async function writeDirect(file: string, content: Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

/** OUTPUT_FAILED for a failed write of `target` (a file name, or "stdout"). */
export function outputFailed(target: string, error: unknown): TtsError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === undefined ? String(error) : `${code}${code === 'ENOSPC' ? ' (no space left)' : code === 'EPIPE' ? ' (the reader went away)' : ''}`;
  return new TtsError('OUTPUT_FAILED', `cannot write ${target}: ${why}`, { cause: error });
}
