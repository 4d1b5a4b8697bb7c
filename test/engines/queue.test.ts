import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../src/engines/queue.js';
import { TtsError, isTtsError } from '../../src/errors/index.js';

describe('WorkQueue', () => {
  it('hands out idle slots, then queues FIFO, then refuses with QUEUE_FULL at once', async () => {
    const queue = new WorkQueue<string>(2);
    queue.release('a');
    expect(await queue.acquire()).toBe('a');
    const order: string[] = [];
    const first = queue.acquire().then((slot) => order.push(`first:${slot}`));
    const second = queue.acquire().then((slot) => order.push(`second:${slot}`));
    const refused = await queue.acquire().catch((e: unknown) => e);
    expect(isTtsError(refused, 'QUEUE_FULL')).toBe(true);
    expect(queue.depth).toBe(2);
    queue.release('a');
    queue.release('b');
    await Promise.all([first, second]);
    expect(order).toEqual(['first:a', 'second:b']);
  });

  it('a waiter whose signal aborts leaves the queue with the signal reason', async () => {
    const queue = new WorkQueue<number>(5);
    const controller = new AbortController();
    const waiting = queue.acquire(controller.signal);
    const reason = new TtsError('TIMEOUT', 'late');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(queue.depth).toBe(0);
    queue.release(1);
    expect(queue.idle).toBe(1);
  });

  it('maxQueue 0 refuses as soon as every slot is busy', async () => {
    const queue = new WorkQueue<number>(0);
    await expect(queue.acquire()).rejects.toMatchObject({ code: 'QUEUE_FULL' });
  });

  it('close rejects waiters and later callers with the given error', async () => {
    const queue = new WorkQueue<number>(5);
    const waiting = queue.acquire();
    const closed = new TtsError('CLOSED', 'bye');
    queue.close(closed);
    await expect(waiting).rejects.toBe(closed);
    await expect(queue.acquire()).rejects.toBe(closed);
  });

  it('retire takes an idle slot out of service', () => {
    const queue = new WorkQueue<string>(1);
    queue.release('x');
    expect(queue.retire('x')).toBe(true);
    expect(queue.retire('x')).toBe(false);
    expect(queue.idle).toBe(0);
  });
});
