import { mkdtemp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { acquireLock, isStale, type LockOwner } from '../../src/runtime/lock.js';
import { processStartTime } from '../../src/runtime/proc-start.js';

const dirs: string[] = [];
const children: { kill(): boolean }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

async function lockFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ptr-lock-'));
  dirs.push(dir);
  return join(dir, 'x.lock');
}

function owner(pid: number, extra: Partial<LockOwner> = {}): LockOwner {
  return { pid, host: hostname(), startedAt: new Date().toISOString(), processStart: processStartTime(pid), purpose: 'test', ...extra };
}

async function deadPid(): Promise<number> {
  const child = execa('true');
  const pid = child.pid ?? -1;
  await child;
  return pid;
}

describe('acquireLock', () => {
  it('writes the owner record and removes it on release', async () => {
    const file = await lockFile();
    const release = await acquireLock(file, { purpose: 'provision x', timeoutMs: 1000 });
    const held = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), purpose: 'provision x' });
    await release();
    await expect(readFile(file)).rejects.toThrow();
  });

  it('serialises two holders: the second gets it after the first releases', async () => {
    const file = await lockFile();
    const order: string[] = [];
    const first = await acquireLock(file, { purpose: 'a', timeoutMs: 5000 });
    const second = acquireLock(file, { purpose: 'b', timeoutMs: 5000, pollMs: 20 }).then((release) => {
      order.push('b acquired');
      return release;
    });
    await new Promise((r) => setTimeout(r, 100));
    order.push('a releases');
    await first();
    await (await second)();
    expect(order).toEqual(['a releases', 'b acquired']);
  });

  it('takes over a lock whose owner died (stale), at once', async () => {
    const file = await lockFile();
    await writeFile(file, JSON.stringify(owner(await deadPid())));
    // A live owner would make this time out; a dead one is taken over.
    const release = await acquireLock(file, { purpose: 'new', timeoutMs: 3_000 });
    expect((JSON.parse(await readFile(file, 'utf8')) as LockOwner).pid).toBe(process.pid);
    await release();
  });

  it('times out on a live owner with LOCK_TIMEOUT naming the owner, the reason and the waited time', async () => {
    const file = await lockFile();
    const sleeper = execa('sleep', ['30']);
    children.push(sleeper);
    const pid = sleeper.pid ?? 0;
    await writeFile(file, JSON.stringify(owner(pid, { purpose: 'provision other' })));
    const waits: number[] = [];
    const error = await acquireLock(file, { purpose: 'me', timeoutMs: 600, pollMs: 50, onWait: (o, ms) => waits.push(o?.pid ?? -1, ms) }).catch((e: unknown) => e);
    expect(isTtsError(error, 'LOCK_TIMEOUT')).toBe(true);
    if (!isTtsError(error)) return;
    expect(error.details).toMatchObject({ reason: 'timeout', owner: { pid, purpose: 'provision other' }, lockFile: file });
    expect(error.details.waitedMs).toBeGreaterThanOrEqual(600);
    expect(error.message).toContain(`pid ${pid}`);
    expect(error.hint).toContain(`kill ${pid}`);
    expect(waits[0]).toBe(pid);
    sleeper.kill();
    await sleeper.catch(() => {});
  });

  it('stops waiting when the signal aborts', async () => {
    const file = await lockFile();
    await writeFile(file, JSON.stringify(owner(process.pid)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(acquireLock(file, { purpose: 'me', timeoutMs: 10_000, pollMs: 10, signal: controller.signal })).rejects.toThrow();
  });
});

// Issue 17: an owner on another host cannot be asked whether it lives; its heartbeat says so (the
// @puppeteer/browsers way): the owner touches the lock every heartbeatMs, and a lock not touched for
// STALE_AFTER_BEATS beats is stale whatever the host.
describe('heartbeat', () => {
  it('a lock of another host whose heartbeat stopped is taken over', async () => {
    const file = await lockFile();
    await writeFile(file, JSON.stringify(owner(999_999, { host: 'other-host', heartbeatMs: 50 })));
    const old = new Date(Date.now() - 10_000);
    await utimes(file, old, old);
    const release = await acquireLock(file, { purpose: 'new', timeoutMs: 2_000, pollMs: 20 });
    expect((JSON.parse(await readFile(file, 'utf8')) as LockOwner).pid).toBe(process.pid);
    await release();
  });

  it('an owner on another host whose heartbeat beats keeps its lock', async () => {
    const file = await lockFile();
    await writeFile(file, JSON.stringify(owner(999_999, { host: 'other-host', heartbeatMs: 50 })));
    const beat = setInterval(() => {
      const now = new Date();
      void utimes(file, now, now).catch(() => undefined);
    }, 50);
    try {
      const error = await acquireLock(file, { purpose: 'me', timeoutMs: 800, pollMs: 20 }).catch((e: unknown) => e);
      expect(isTtsError(error, 'LOCK_TIMEOUT')).toBe(true);
    } finally {
      clearInterval(beat);
    }
  });

  it('the holder beats: its lock stays fresh long past the stale age, and the record names the interval', async () => {
    const file = await lockFile();
    // Beats of 200 ms (stale after 6, 1.2 s) and a 2 s wait: a shared machine may delay a timer by a second.
    const release = await acquireLock(file, { purpose: 'long', timeoutMs: 1_000, heartbeatMs: 200 });
    expect((JSON.parse(await readFile(file, 'utf8')) as LockOwner).heartbeatMs).toBe(200);
    const first = (await stat(file)).mtimeMs;
    await new Promise((r) => setTimeout(r, 2_000));
    const later = (await stat(file)).mtimeMs;
    expect(later).toBeGreaterThan(first);
    expect(isStale(owner(999_999, { host: 'other-host', heartbeatMs: 200 }), Date.now() - later)).toBe(false);
    await release();
  });

  it('isStale: another host with a stale heartbeat is stale; a fresh one, or one without a heartbeat (older versions), is not', () => {
    expect(isStale(owner(1, { host: 'elsewhere', heartbeatMs: 1_000 }), 60_000)).toBe(true);
    expect(isStale(owner(1, { host: 'elsewhere', heartbeatMs: 1_000 }), 500)).toBe(false);
    expect(isStale(owner(1, { host: 'elsewhere' }), 60_000)).toBe(false);
  });
});

describe('isStale', () => {
  it.each([
    ['a live pid on this host', (): LockOwner | null => owner(process.pid), false],
    ['another host (cannot tell)', (): LockOwner | null => owner(999_999, { host: 'elsewhere' }), false],
    ['a reused pid (different start time)', (): LockOwner | null => owner(process.pid, { processStart: '1' }), true],
    ['no readable owner, young', (): LockOwner | null => null, false],
  ] as const)('%s', (_, make, expected) => {
    expect(isStale(make(), 0)).toBe(expected);
  });
  it('a dead pid', async () => {
    expect(isStale(owner(await deadPid()), 0)).toBe(true);
  });
  it('unreadable debris older than the grace period', () => {
    expect(isStale(null, 60_000)).toBe(true);
  });
});
