// Filesystem probes shared by the cache and disk checks: writability (the real sequence a download does)
// and free space, measured on the nearest folder that exists.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, statfs, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The step of the writability probe that failed. */
export type WriteStep = 'create' | 'write' | 'fsync' | 'rename' | 'delete';

/** Outcome of {@link probeWritable}. */
export type WritableResult =
  | { ok: true; dir: string; created: boolean }
  | { ok: false; dir: string; step: WriteStep; code: string; message: string; /** A regular file in the way (ENOTDIR/EEXIST). */ blocker: string | null };

/**
 * Proves a folder is usable as a cache: creates it (and its parents) if needed, then creates, writes,
 * fsyncs, renames and deletes a probe file in it, as huggingface_hub does for each download.
 */
export async function probeWritable(dir: string): Promise<WritableResult> {
  const existed = await isDirectory(dir);
  if (!existed) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      return failure(dir, 'create', error, await fileInTheWay(dir));
    }
  }
  const file = join(dir, `.pocket-tts-runtime-preflight-${process.pid}-${randomBytes(4).toString('hex')}`);
  const outcome = await writeRenameDelete(file);
  if (outcome !== null) return failure(dir, outcome.step, outcome.error, null);
  return { ok: true, dir, created: !existed };
}

async function writeRenameDelete(file: string): Promise<{ step: WriteStep; error: unknown } | null> {
  let step: WriteStep = 'write';
  let current = file;
  try {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile('pocket-tts-runtime preflight\n');
      step = 'fsync';
      await handle.sync();
    } finally {
      await handle.close();
    }
    step = 'rename';
    await rename(file, `${file}.renamed`);
    current = `${file}.renamed`;
    step = 'delete';
    await unlink(current);
    return null;
  } catch (error) {
    await unlink(current).catch(() => {});
    return { step, error };
  }
}

function failure(dir: string, step: WriteStep, error: unknown, blocker: string | null): WritableResult {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, dir, step, code, message, blocker };
}

// The deepest existing ancestor that is not a folder: what makes `mkdir -p` fail with ENOTDIR/EEXIST.
async function fileInTheWay(dir: string): Promise<string | null> {
  for (let path = dir; ; path = dirname(path)) {
    const info = await stat(path).catch(() => null);
    if (info !== null) return info.isDirectory() ? null : path;
    if (dirname(path) === path) return null;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** Free bytes for an unprivileged user on the filesystem holding `path` (or its nearest existing folder). */
export async function freeSpace(path: string): Promise<{ bytes: number; measuredAt: string } | null> {
  for (let current = path; ; current = dirname(current)) {
    if (await isDirectory(current)) {
      const info = await statfs(current).catch(() => null);
      return info === null ? null : { bytes: info.bavail * info.bsize, measuredAt: current };
    }
    if (dirname(current) === current) return null;
  }
}

/** `1.5 GiB`, `300 MiB`, `12 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}

export { whyNotWritable, type NotWritable } from '../../fs/writable.js';
