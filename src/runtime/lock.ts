import { randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { TtsError } from '../errors/index.js';
import { pidExists, processStartTime } from './proc-start.js';

/** Who holds a lock: enough to name them in a message and to tell whether they are still alive. */
export const lockOwnerSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  processStart: z.string().nullable(),
  purpose: z.string(),
  /** How often the owner touches the lock file (absent in locks of older versions: then only the pid rules apply). */
  heartbeatMs: z.number().int().positive().optional(),
});
export type LockOwner = z.infer<typeof lockOwnerSchema>;

/** How to wait for a lock. */
export interface LockOptions {
  purpose: string;
  timeoutMs: number;
  pollMs?: number;
  /** Called when waiting starts and every few seconds after, naming the owner. */
  onWait?: (owner: LockOwner | null, waitedMs: number) => void;
  signal?: AbortSignal;
  /** How often the holder touches the lock file, so that waiters on any host can tell it lives (default 5000 ms). */
  heartbeatMs?: number;
}

/** Releases the lock (only if it is still ours). */
export type ReleaseLock = () => Promise<void>;

const WAIT_REPORT_EVERY_MS = 5_000;
// A lock file with no readable owner older than this is debris of a writer killed mid-write.
const UNREADABLE_GRACE_MS = 5_000;
const DEFAULT_HEARTBEAT_MS = 5_000;
/** A lock not touched for this many of its owner's heartbeats is stale, whatever the host (a network home). */
export const STALE_AFTER_BEATS = 6;

/**
 * Takes an exclusive lock file: the owner record is written to a unique temp file and hard-linked into
 * place (atomic, and never visible half-written). A lock whose owner died on this host is removed.
 */
export async function acquireLock(file: string, options: LockOptions): Promise<ReleaseLock> {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), processStart: processStartTime(process.pid), purpose: options.purpose, heartbeatMs };
  const started = performance.now();
  let nextReport = 0;
  for (;;) {
    if (await tryCreate(file, me)) {
      const stop = beat(file, heartbeatMs);
      return async () => {
        await stop();
        await releaseIfOurs(file, me);
      };
    }
    const held = await readOwner(file);
    if (await removeIfStale(file, held)) continue;
    const waited = performance.now() - started;
    if (waited >= options.timeoutMs) throw lockTimeout(file, held.owner, waited);
    if (waited >= nextReport) {
      options.onWait?.(held.owner, waited);
      nextReport = waited + WAIT_REPORT_EVERY_MS;
    }
    options.signal?.throwIfAborted();
    await sleep(Math.min(options.pollMs ?? 200, Math.max(1, options.timeoutMs - waited)));
  }
}

async function tryCreate(file: string, me: LockOwner): Promise<boolean> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(me));
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

// The holder's heartbeat: touch the lock file while it is still the one we created (same inode).
function beat(file: string, heartbeatMs: number): () => Promise<void> {
  let ours: number | null = null;
  let running: Promise<void> = stat(file).then((info) => {
    ours = info.ino;
  }, () => undefined);
  const timer = setInterval(() => {
    running = running.then(async () => {
      const info = await stat(file).catch(() => null);
      if (info === null || info.ino !== ours) return;
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
    });
  }, heartbeatMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

interface Held {
  owner: LockOwner | null;
  ino: number | null;
  ageMs: number;
}

async function readOwner(file: string): Promise<Held> {
  const info = await stat(file).catch(() => null);
  if (info === null) return { owner: null, ino: null, ageMs: 0 };
  const text = await readFile(file, 'utf8').catch(() => '');
  return { owner: parseOwner(text), ino: info.ino, ageMs: Date.now() - info.mtimeMs };
}

function parseOwner(text: string): LockOwner | null {
  try {
    const parsed = lockOwnerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * True when the holder is provably gone: its heartbeat stopped (any host), a dead pid on this host, a reused
 * pid, or unreadable debris. `ageMs` is the time since the lock file was last touched.
 */
export function isStale(owner: LockOwner | null, ageMs: number, host = hostname()): boolean {
  if (owner === null) return ageMs > UNREADABLE_GRACE_MS;
  if (owner.heartbeatMs !== undefined && ageMs > STALE_AFTER_BEATS * owner.heartbeatMs) return true;
  if (owner.host !== host) return false;
  if (owner.pid <= 0 || !pidExists(owner.pid)) return true;
  const start = processStartTime(owner.pid);
  return owner.processStart !== null && start !== null && start !== owner.processStart;
}

async function removeIfStale(file: string, held: Held): Promise<boolean> {
  if (held.ino === null) return true;
  if (!isStale(held.owner, held.ageMs)) return false;
  // Unlink only the exact file judged stale: a fresh lock taken meanwhile has another inode.
  const now = await stat(file).catch(() => null);
  if (now?.ino === held.ino) await unlink(file).catch(() => {});
  return true;
}

async function releaseIfOurs(file: string, me: LockOwner): Promise<void> {
  const held = await readOwner(file);
  if (held.owner?.pid === me.pid && held.owner.startedAt === me.startedAt) await unlink(file).catch(() => {});
}

function lockTimeout(file: string, owner: LockOwner | null, waitedMs: number): TtsError {
  const who = owner === null ? 'an unknown process' : `pid ${owner.pid} on ${owner.host} (${owner.purpose}, since ${owner.startedAt})`;
  return new TtsError('LOCK_TIMEOUT', `${file} is held by ${who}; gave up after waiting ${Math.round(waitedMs / 1000)} s`, {
    hint: owner === null
      ? `Remove ${file} if no pocket-tts-runtime process is running.`
      : `Wait for pid ${owner.pid} to finish or stop it (kill ${owner.pid}); a lock of a dead process is removed automatically.`,
    details: { reason: 'timeout', owner, waitedMs: Math.round(waitedMs), lockFile: file },
  });
}
