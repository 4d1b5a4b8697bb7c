// Can this folder be written (created if missing)? Asked before any work, so that a read-only or misplaced
// home or output folder is a typed error with the right words, never a raw errno from deep inside a step.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Why a folder cannot be written: the errno and the words for it, at the path where it was found. */
export interface NotWritable {
  errno: string;
  /** The path at fault (the folder itself, or the ancestor that stops it being created). */
  path: string;
  /** What is wrong, in a reader's words (`is a file, not a folder`, `is on a read-only file system`…). */
  reason: string;
}

const WORDS: Record<string, string> = {
  ENOTDIR: 'is a file, not a folder',
  EACCES: 'is not writable by this user (permission denied)',
  EPERM: 'is not writable (operation not permitted)',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'is on a full disk',
  EDQUOT: 'is over its disk quota',
};

/** The words for a file-system errno (`EACCES` → "is not writable by this user"), or null for an unknown one. */
export function errnoWords(errno: string | undefined): string | null {
  return errno === undefined ? null : (WORDS[errno] ?? null);
}

/**
 * Null when `dir` exists as a writable folder, or could be created: its nearest existing ancestor is a
 * writable folder. Otherwise why not. Creates nothing.
 */
export async function whyNotWritable(dir: string): Promise<NotWritable | null> {
  let path = resolve(dir);
  for (;;) {
    const info = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (info instanceof Error) {
      // Missing, or below a file (ENOTDIR): look at the parent, to name what is really in the way.
      if ((info.code === 'ENOENT' || info.code === 'ENOTDIR') && dirname(path) !== path) {
        path = dirname(path);
        continue;
      }
      return { errno: info.code ?? 'UNKNOWN', path, reason: errnoWords(info.code) ?? `cannot be read (${info.code ?? info.message})` };
    }
    if (!info.isDirectory()) return { errno: 'ENOTDIR', path, reason: WORDS.ENOTDIR ?? '' };
    const denied = await access(path, constants.W_OK).then(
      () => null,
      (error: unknown) => error as NodeJS.ErrnoException,
    );
    if (denied !== null) return { errno: denied.code ?? 'EACCES', path, reason: errnoWords(denied.code) ?? 'is not writable' };
    return null;
  }
}
