// The shared verdict of the two cache checks: a download cache must be creatable, writable and roomy.
import { fail, pass, warn } from './outcomes.js';
import { formatBytes, freeSpace, probeWritable, type WritableResult } from './fs.js';
import type { CheckOutcome } from './types.js';

/** How to point pocket-tts at another folder for this cache (a command or a setting). */
export interface CacheHints {
  /** e.g. `pocket-tts-runtime provision --home H --hf-hub-cache <writable folder>`. */
  relocate: string;
}

/** Writability probe, then free space; fails with the step that broke and an exact fix. */
export async function checkCacheDir(label: string, dir: string, minFreeBytes: number, hints: CacheHints, readOnlyOk = false): Promise<CheckOutcome> {
  const writable = await probeWritable(dir);
  if (!writable.ok && readOnlyOk && writable.blocker === null && writable.step !== 'create') {
    return warn(`${label} ${dir} is read-only: fine offline, where nothing is downloaded (the offline check verifies the files are there)`, `for downloads, make it writable or: ${hints.relocate}`, { ...writable });
  }
  if (!writable.ok) return fail(writeFailure(label, writable), writeHint(writable, hints), { ...writable });
  const space = await freeSpace(dir);
  const details = { dir, created: writable.created, freeBytes: space?.bytes ?? null, minFreeBytes };
  if (space !== null && space.bytes < minFreeBytes) {
    return fail(`${label} ${dir} has ${formatBytes(space.bytes)} free, below the ${formatBytes(minFreeBytes)} needed`, `free space on that filesystem, or: ${hints.relocate}`, details);
  }
  const created = writable.created ? ' (created)' : '';
  return pass(`${label} ${dir} is writable${created}, ${space === null ? 'free space unknown' : `${formatBytes(space.bytes)} free`}`, details);
}

function writeFailure(label: string, w: Extract<WritableResult, { ok: false }>): string {
  if (w.blocker !== null) return `${label} ${w.dir} cannot be created: ${w.blocker} is a file, not a folder (${w.code})`;
  const what = { create: 'cannot be created', write: 'is not writable', fsync: 'cannot fsync a file', rename: 'cannot rename a file', delete: 'cannot delete a file' }[w.step];
  return `${label} ${w.dir} ${what} (${w.code}: ${w.message})`;
}

function writeHint(w: Extract<WritableResult, { ok: false }>, hints: CacheHints): string {
  if (w.blocker !== null) return `move ${w.blocker} away (mv ${w.blocker} ${w.blocker}.bak), or: ${hints.relocate}`;
  if (w.code === 'EACCES' || w.code === 'EPERM') return `sudo chown -R "$(id -u):$(id -g)" ${w.dir}, or: ${hints.relocate}`;
  return hints.relocate;
}
