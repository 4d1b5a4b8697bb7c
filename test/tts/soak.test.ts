import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { createTts } from '../../src/tts/index.js';
import { doubleRuntime } from '../support/double-runtime.js';
import { descendantsOf } from '../support/processes.js';

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

// 1,000 requests through one instance, about a quarter cancelled at random moments (queued or running),
// some as streams destroyed mid-way: every one settles, no process is left, and the heap does not grow.
describe('soak', () => {
  it('1,000 requests with random cancellations leave no process and no memory growth', { timeout: 300_000 }, async () => {
    const tts = createTts({ runtime: await doubleRuntime({ LOAD_MS: '0', FRAME_MS: '0', MS_PER_CHAR: '20' }), concurrency: 4, maxQueue: 1_000 });
    let seed = 42;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const outcomes = new Map<string, number>();
    const count = (key: string): void => void outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

    const one = async (i: number): Promise<void> => {
      const controller = new AbortController();
      const cancel = random() < 0.25;
      if (cancel) setTimeout(() => controller.abort(), Math.floor(random() * 150));
      try {
        if (i % 5 === 0) {
          for await (const _ of tts.stream({ text: `Stream number ${i}.`, signal: controller.signal })) void _;
        } else {
          await tts.generate({ text: `Request number ${i}.`, signal: controller.signal });
        }
        count('ok');
      } catch (error) {
        count(isTtsError(error) ? error.code : `other:${String(error)}`);
      }
    };

    const batch = async (from: number, to: number): Promise<void> => {
      await Promise.all(Array.from({ length: to - from }, (_, k) => one(from + k)));
    };
    await batch(0, 100);
    const before = heapMb();
    for (let start = 100; start < 1_000; start += 150) await batch(start, Math.min(start + 150, 1_000));
    const after = heapMb();
    await tts.close();

    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(1_000);
    expect([...outcomes.keys()].sort()).toEqual(['ABORTED', 'ok']);
    expect(outcomes.get('ABORTED')).toBeGreaterThan(50);
    expect(await descendantsOf(process.pid)).toEqual([]);
    expect(tts.stats()).toEqual({ queued: 0, busy: 0, idle: 4 });
    if (gc !== undefined) expect(after - before).toBeLessThan(10);
    console.log(`soak: ${JSON.stringify(Object.fromEntries(outcomes))}, heap ${before.toFixed(1)} MB -> ${after.toFixed(1)} MB`);
  });
});
