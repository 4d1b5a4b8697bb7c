import { afterEach, describe, expect, it } from 'vitest';
import { isTtsError } from '../../../src/errors/index.js';
import type { LocalFleet, Pool } from '../../../src/engines/pool/index.js';
import type { Tts } from '../../../src/tts/index.js';
import { descendantsOf } from '../../support/processes.js';
import { serverTts, sidecarRuntime } from './support.js';

// A text of a few hundred ms on the double at 5 ms a frame; fan-out off (one part per request).
const TEXT = 'Overlapped speech, long enough to give the other request time to start, and then some more words.';

interface Timed {
  firstAudioAt: number | null;
  endedAt: number;
  error: unknown;
  bytes: number;
}

// Reads a stream to its end, noting when its first audio came and when it ended.
function timed(tts: Tts, signal?: AbortSignal, onFirstAudio?: () => void): Promise<Timed> {
  const stream = tts.stream({ text: TEXT, ...(signal === undefined ? {} : { signal }) });
  let bytes = 0;
  let firstAudioAt: number | null = null;
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > 44 && firstAudioAt === null) {
        firstAudioAt = performance.now();
        onFirstAudio?.();
      }
    });
    stream.once('end', () => resolve({ firstAudioAt, endedAt: performance.now(), error: null, bytes }));
    stream.once('error', (error) => resolve({ firstAudioAt, endedAt: performance.now(), error, bytes }));
  });
}

describe('server.perWorker: k generations in flight per sidecar', () => {
  let tts: Tts | undefined;
  let pool: Pool;

  afterEach(async () => {
    await tts?.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  async function start(workers: number, perWorker: number, frameMs = '5'): Promise<void> {
    const runtime = await sidecarRuntime({ FRAME_MS: frameMs });
    ({ tts, pool } = await serverTts({ runtime, server: { workers, perWorker, fanOutChars: 0 }, maxQueue: 10 }));
  }

  it('perWorker 1 (the default): the second caller hears nothing until the first is done', async () => {
    await start(1, 1);
    const [a, b] = await Promise.all([timed(tts!), timed(tts!)]);
    const [first, second] = (a.firstAudioAt ?? 0) < (b.firstAudioAt ?? 0) ? [a, b] : [b, a];
    expect(second.firstAudioAt).toBeGreaterThan(first.endedAt);
  });

  it('perWorker 2: two callers on one sidecar both hear audio before either ends, with the same bytes; a third waits', async () => {
    await start(1, 2);
    const fleet = pool.fleet as LocalFleet;
    const runs = Promise.all([timed(tts!), timed(tts!), timed(tts!)] as const);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pool.stats()).toMatchObject({ busy: 2, queued: 1 });
    const [a, b, c] = await runs;
    expect([a, b, c].map((r) => r.error)).toEqual([null, null, null]);
    expect(b.firstAudioAt).toBeLessThan(a.endedAt);
    expect(a.firstAudioAt).toBeLessThan(b.endedAt);
    expect(c.firstAudioAt).toBeGreaterThan(Math.min(a.endedAt, b.endedAt));
    expect(new Set([a.bytes, b.bytes, c.bytes]).size).toBe(1);
    expect(fleet.pids()).toHaveLength(1);
  });

  it('perWorker 2 on 2 sidecars: two requests go to different sidecars before any shares one', async () => {
    await start(2, 2);
    const fleet = pool.fleet as LocalFleet;
    const runs = Promise.all([timed(tts!), timed(tts!)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fleet.workers.map((w) => w.inFlight)).toEqual([1, 1]);
    expect((await runs).map((r) => r.error)).toEqual([null, null]);
  });

  it('an abort frees its slot without stopping the sidecar the other request runs on', async () => {
    await start(1, 2);
    const pid = pool.fleet.pids()[0];
    const controller = new AbortController();
    const kept = timed(tts!);
    const aborted = timed(tts!, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    const waiting = timed(tts!); // takes the freed slot
    const [k, a, w] = await Promise.all([kept, aborted, waiting]);
    expect(isTtsError(a.error, 'ABORTED'), String(a.error)).toBe(true);
    expect([k.error, w.error]).toEqual([null, null]);
    expect(w.bytes).toBe(k.bytes);
    expect(w.firstAudioAt).toBeLessThan(k.endedAt);
    expect(pool.fleet.pids()).toEqual([pid]);
  });

  it('an abort with nothing else on the sidecar still stops it (the core is freed) and a replacement starts', async () => {
    await start(1, 2);
    const pid = pool.fleet.pids()[0];
    const controller = new AbortController();
    const aborted = timed(tts!, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    expect(isTtsError((await aborted).error, 'ABORTED')).toBe(true);
    expect(pool.fleet.pids()).not.toContain(pid);
    expect((await timed(tts!)).error).toBeNull();
  });

  it('a crash costs only the requests on that sidecar: the other sidecar\'s requests complete', async () => {
    await start(2, 2, '20');
    let heard = 0;
    let allHeard: () => void = () => undefined;
    const audible = new Promise<void>((resolve) => (allHeard = resolve));
    const runs = [0, 1, 2, 3].map(() => timed(tts!, undefined, () => ++heard === 4 && allHeard()));
    await audible; // every request streams audio: none of them can be retried
    expect(pool.stats().busy).toBe(4);
    const victim = pool.fleet.pids()[0];
    if (victim !== undefined) process.kill(victim, 'SIGKILL');
    const results = await Promise.all(runs);
    const crashed = results.filter((r) => r.error !== null);
    expect(crashed).toHaveLength(2);
    for (const r of crashed) expect(isTtsError(r.error, 'WORKER_CRASHED'), String(r.error)).toBe(true);
    const served = results.filter((r) => r.error === null);
    expect(served).toHaveLength(2);
    expect(served[0]?.bytes).toBe(served[1]?.bytes);
  });
});
