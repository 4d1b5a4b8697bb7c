import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MARKER } from './marker.js';

/**
 * Layout: `<home>/runtimes/<id>` is a symlink to `.store/<id>.<nonce>/`, where the venv was built in
 * place (venvs cannot move). Switching a runtime is an atomic rename of a new symlink over the old one,
 * so a reader sees either the previous complete runtime or the new complete one, never a half.
 */
export interface RuntimeSlot {
  id: string;
  /** The stable path users and runtime.json lookups use (a symlink). */
  link: string;
  lockFile: string;
  storeRoot: string;
}

/** Paths of one runtime id below a runtimes folder. */
export function slotFor(runtimesDir: string, id: string): RuntimeSlot {
  return { id, link: join(runtimesDir, id), lockFile: join(runtimesDir, `${id}.lock`), storeRoot: join(runtimesDir, '.store') };
}

/** A fresh, unique build folder beside the others (created). */
export async function newBuildDir(slot: RuntimeSlot): Promise<string> {
  const dir = join(slot.storeRoot, `${slot.id}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Points `link` at `target` atomically (temp symlink renamed over the old one). */
export async function swapLink(link: string, target: string): Promise<void> {
  const temp = `${link}.link-${randomBytes(4).toString('hex')}`;
  await symlink(target, temp);
  await rename(temp, link);
}

/** Makes the build folder the runtime of its slot, and the slot the home's current runtime. */
export async function activate(slot: RuntimeSlot, buildDir: string, currentLink: string): Promise<void> {
  await swapLink(slot.link, join('.store', basename(buildDir)));
  await swapLink(currentLink, slot.id);
}

/** The build folder a slot points at now, or null. */
export async function activeBuild(slot: RuntimeSlot): Promise<string | null> {
  try {
    return join(slot.storeRoot, basename(await readlink(slot.link)));
  } catch {
    return null;
  }
}

/** Replaced runtimes stay this long for processes still running from them, then go. */
export const REPLACED_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes debris of this slot (call with the slot's lock held): builds without a marker (an install
 * killed midway), replaced builds past their grace period, and temp symlinks of an interrupted swap.
 */
export async function collectGarbage(slot: RuntimeSlot, runtimesDir: string): Promise<string[]> {
  const active = await activeBuild(slot);
  const removed: string[] = [];
  for (const name of await readdir(slot.storeRoot).catch(() => [] as string[])) {
    if (!name.startsWith(`${slot.id}.`)) continue;
    const dir = join(slot.storeRoot, name);
    if (dir === active) continue;
    const complete = await stat(join(dir, MARKER)).catch(() => null);
    if (complete !== null && Date.now() - complete.mtimeMs < REPLACED_GRACE_MS) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  for (const name of await readdir(runtimesDir).catch(() => [] as string[])) {
    if (name.startsWith(`${slot.id}.link-`) || (name.startsWith('current.link-') && (await ageMs(join(runtimesDir, name))) > 60_000)) {
      await rm(join(runtimesDir, name), { force: true });
    }
  }
  return removed;
}

// Another provision may be swapping `current` right now: only old temp links are debris.
async function ageMs(path: string): Promise<number> {
  const info = await lstat(path).catch(() => null);
  return info === null ? 0 : Date.now() - info.mtimeMs;
}
