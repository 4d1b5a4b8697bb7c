import { rmSync, writeFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../../src/errors/index.js';
import type { Pool } from '../../../src/engines/pool/index.js';
import { createTts, type Tts } from '../../../src/tts/index.js';
import { tempDir } from '../../support/double-runtime.js';
import { descendantsOf, isAlive, waitUntil } from '../../support/processes.js';
import { FAST, failure, nextEvent, recordEvents, recordingLogger, serverTts, sidecarRuntime } from './support.js';

const TEXT = 'Some words here, enough for a handful of frames.';

describe('a worker that crashes before any audio: the request is retried once on another worker', () => {
  let dir: string;
  let tts: Tts;
  let pool: Pool;

  beforeAll(async () => {
    dir = await tempDir('ptr-retry-');
    const runtime = await sidecarRuntime({ FAIL_FILE: join(dir, 'fail'), FAIL_AFTER_FRAMES: '0' });
    ({ tts, pool } = await serverTts({ runtime, server: { workers: 2 } }));
  });

  afterAll(async () => {
    await tts.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('succeeds on the other worker; the crashed one restarts and rejoins', async () => {
    const events = recordEvents(pool);
    await writeFile(join(dir, 'fail'), 'die');
    // The crashed sidecar read the failure; healing it before the retry is sent makes the retry succeed.
    pool.once('crash', () => rmSync(join(dir, 'fail'), { force: true }));
    const healed = nextEvent(pool, 'ready');
    const result = await tts.generate({ text: TEXT });
    expect(result.samples).toBeGreaterThan(0);
    await healed;
    expect(events.map((e) => e.name).filter((n) => n !== 'ready')).toEqual(['crash', 'retry']);
    expect(pool.fleet.pids()).toHaveLength(2);
  });

  it('fails with WORKER_CRASHED (saying it was retried) when the retry crashes too', async () => {
    await writeFile(join(dir, 'fail'), 'die');
    const error = await failure(tts.generate({ text: TEXT }));
    await rm(join(dir, 'fail'), { force: true });
    expect(isTtsError(error, 'WORKER_CRASHED'), String(error)).toBe(true);
    expect(isTtsError(error) && error.details.retried).toBe(true);
    expect(isTtsError(error) && error.signal).toBe('SIGKILL');
    await waitUntil(() => pool.fleet.readyCount() === 2, { what: 'both workers back', timeoutMs: 20_000 });
  });
});

describe('a worker that crashes mid-stream, then dies again while loading', () => {
  let dir: string;
  let tts: Tts;
  let pool: Pool;

  beforeAll(async () => {
    dir = await tempDir('ptr-crash-');
    const runtime = await sidecarRuntime({ FAIL_FILE: join(dir, 'fail'), FAIL_AFTER_FRAMES: '2', FRAME_MS: '20' });
    ({ tts, pool } = await serverTts({ runtime, server: { workers: 1 } }));
  });

  afterAll(async () => {
    await tts.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('fails the request in flight (audio already sent: no retry), restarts with backoff, and serves the queued request after the restart', async () => {
    const events = recordEvents(pool);
    const fail = join(dir, 'fail');
    await writeFile(fail, 'die');
    pool.once('crash', () => writeFileSync(fail, 'die-on-load')); // the restart dies half-way through its load…
    pool.once('start-failed', () => rmSync(fail, { force: true })); // …and the one after it succeeds
    const inFlight = tts.generate({ text: TEXT });
    await waitUntil(() => tts.stats().busy === 1, { what: 'the first request to run' });
    const queued = tts.generate({ text: 'Waiting in the queue.' });
    const error = await failure(inFlight);
    expect(isTtsError(error, 'WORKER_CRASHED'), String(error)).toBe(true);
    expect(isTtsError(error) && error.details.retried).toBeUndefined();
    expect(isTtsError(error) && error.stderr).toContain('Uvicorn running on');
    expect((await queued).samples).toBeGreaterThan(0);
    expect(events.map((e) => e.name)).toEqual(['crash', 'start-failed', 'ready']);
    expect(events[1]?.data.error).toMatchObject({ code: 'SERVER_START_FAILED', signal: 'SIGKILL' });
  });
});

describe('health failure and start failures', () => {
  afterEach(async () => {
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('restarts a sidecar that stops answering /health (a frozen process)', async () => {
    const { tts, pool } = await serverTts({ runtime: await sidecarRuntime(), server: { workers: 1, healthIntervalMs: 100 } });
    try {
      const [frozen] = pool.fleet.pids();
      const restarted = nextEvent(pool, 'ready');
      process.kill(frozen ?? 0, 'SIGSTOP');
      await restarted;
      expect(await isAlive(frozen ?? 0)).toBe(false);
      expect((await tts.generate({ text: 'Thawed.' })).samples).toBeGreaterThan(0);
    } finally {
      await tts.close();
    }
  });

  it('SERVER_START_FAILED with the sidecar log when no worker can ever start (after its start attempts)', async () => {
    const { logger, lines } = recordingLogger();
    const tts = createTts({ runtime: await sidecarRuntime({ FAIL: 'refuse-bind' }), logger, mode: 'server', server: { ...FAST, workers: 2, maxStartFailures: 2 } });
    const error = await failure(tts.ready());
    await tts.close();
    expect(isTtsError(error, 'SERVER_START_FAILED'), String(error)).toBe(true);
    expect(isTtsError(error) && error.stderr).toContain('address already in use');
    expect(lines.filter((l) => l.msg.includes('failed to start'))).toHaveLength(4);
    expect(isTtsError(await failure(tts.generate({ text: 'x' })), 'CLOSED')).toBe(true);
  });

  it("falls back to CLI mode with server.fallback 'cli'", async () => {
    const { logger, lines } = recordingLogger();
    const tts = createTts({ runtime: await sidecarRuntime({ FAIL: 'refuse-bind' }), logger, mode: 'server', server: { ...FAST, workers: 1, maxStartFailures: 1, fallback: 'cli' } });
    try {
      expect((await tts.generate({ text: 'Via the CLI.' })).samples).toBeGreaterThan(0);
      expect(lines.some((l) => l.level === 'warn' && l.msg.includes('falling back to CLI mode'))).toBe(true);
    } finally {
      await tts.close();
    }
  });
});
