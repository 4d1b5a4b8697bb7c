// Server mode: a small pool of the double's sidecars, forced crashes and failures, then the registry's counts.
import { rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import type { WorkerEvent } from '../../src/events/index.js';
import { createTts, type Tts } from '../../src/tts/index.js';
import { tempDir, writeToneWav } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';
import { descendantsOf } from '../support/processes.js';
import { FAST, sidecarRuntime } from '../engines/pool/support.js';
import { countWhere, drain, failure, recordTts, scrape, type Recorded, type Scrape } from './support.js';

const TEXT = 'Some words here, enough for a handful of frames.';

function nextWorker(tts: Tts, type: WorkerEvent['type']): Promise<WorkerEvent> {
  return new Promise((resolve) => {
    const listener = (e: WorkerEvent): void => {
      if (e.type !== type) return;
      tts.off('worker', listener);
      resolve(e);
    };
    tts.on('worker', listener);
  });
}

describe('metrics and events of a server-mode pool', () => {
  const registry = new Registry();
  let dir: string;
  let fail: string;
  let tts: Tts;
  let seen: Recorded;
  let m: Scrape;

  beforeAll(async () => {
    dir = await tempDir('ptr-metrics-server-');
    fail = join(dir, 'fail');
    const wav = await writeToneWav(join(dir, 'voice.wav'), 1);
    const exported = join(dir, 'voice.safetensors');
    await execa(fixtures().doubleBin, ['export-voice', wav, exported, '-q'], { env: { ...process.env, POCKET_TTS_DOUBLE_LOAD_MS: '0' } });
    // Every sidecar start spends 300 ms of CPU on its load; a failure strikes before the first frame.
    const runtime = await sidecarRuntime({ LOAD_MS: '300', FAIL_FILE: fail, FAIL_AFTER_FRAMES: '0' });
    tts = createTts({ mode: 'server', runtime, server: { ...FAST, workers: 2, fanOutChars: 0 }, limits: { voiceRoots: [dir] }, metrics: { registry } });
    seen = recordTts(tts);
    await tts.ready();
    await Promise.all([tts.generate({ text: TEXT }), tts.generate({ text: TEXT, voice: wav }), tts.generate({ text: TEXT, voice: exported }), drain(tts.stream({ text: TEXT, voice: 'alba' }))]);
    expect(isTtsError(await failure(tts.generate({ text: TEXT, temperature: 0.3 })), 'INVALID_INPUT')).toBe(true);

    // A sidecar dies before any audio: the request is retried on the other one (healed by then), the dead one restarts.
    await writeFile(fail, 'die');
    const crashed = nextWorker(tts, 'crash').then((e) => (rmSync(fail, { force: true }), e));
    const restarted = crashed.then(() => nextWorker(tts, 'ready'));
    await tts.generate({ text: TEXT });
    await restarted;

    // A generation that raises: the sidecar lives on, the request fails with the classified code.
    await writeFile(fail, 'crash');
    expect(isTtsError(await failure(tts.generate({ text: TEXT })), 'PROCESS_FAILED')).toBe(true);
    await rm(fail, { force: true });
    m = await scrape(registry);
  });

  afterAll(async () => {
    await tts.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('counts requests by outcome and errors by code', () => {
    expect(m.value('pocket_tts_requests_total', { mode: 'server', api: 'generate', outcome: 'ok' })).toBe(4);
    expect(m.value('pocket_tts_requests_total', { mode: 'server', api: 'stream', outcome: 'ok' })).toBe(1);
    expect(m.value('pocket_tts_requests_total', { mode: 'server', outcome: 'error' })).toBe(2);
    expect(m.value('pocket_tts_errors_total', { mode: 'server', code: 'INVALID_INPUT' })).toBe(1);
    expect(m.value('pocket_tts_errors_total', { mode: 'server', code: 'PROCESS_FAILED' })).toBe(1);
  });

  it('counts the crash as a sidecar exit, a restart and a retry; observes every model load', () => {
    expect(m.value('pocket_tts_process_exits_total', { process: 'serve', status: 'SIGKILL' })).toBe(1);
    expect(m.value('pocket_tts_process_exits_total')).toBe(1);
    expect(m.value('pocket_tts_sidecar_restarts_total', { reason: 'crash' })).toBe(1);
    expect(m.value('pocket_tts_sidecar_restarts_total')).toBe(1);
    expect(m.value('pocket_tts_request_retries_total')).toBe(1);
    expect(m.value('pocket_tts_sidecar_start_failures_total')).toBe(0);
    // Two first starts and one restart, each at least the 300 ms load.
    expect(m.value('pocket_tts_model_load_seconds_count')).toBe(3);
    expect(m.value('pocket_tts_model_load_seconds_bucket', { le: 0.25 })).toBe(0);
  });

  it('counts voice sources: exported states (hits) apart from audio encoded per request (misses)', () => {
    expect(m.value('pocket_tts_voice_requests_total', { mode: 'server', source: 'exported' })).toBe(1);
    expect(m.value('pocket_tts_voice_requests_total', { mode: 'server', source: 'encoded' })).toBe(1);
    expect(m.value('pocket_tts_voice_requests_total', { mode: 'server', source: 'catalog' })).toBe(1);
    expect(m.value('pocket_tts_voice_requests_total', { mode: 'server', source: 'default' })).toBe(4);
  });

  it('observes request timings; the gauges show both workers idle', () => {
    expect(m.value('pocket_tts_request_duration_seconds_count')).toBe(7);
    expect(m.value('pocket_tts_queue_wait_seconds_count')).toBe(6); // all but the refused temperature
    expect(m.value('pocket_tts_first_audio_seconds_count')).toBe(5);
    expect(m.value('pocket_tts_real_time_factor_count')).toBe(5);
    expect([m.value('pocket_tts_queue_depth', { mode: 'server' }), m.value('pocket_tts_workers_busy'), m.value('pocket_tts_workers_idle')]).toEqual([0, 0, 2]);
  });

  it('emits worker events (load times included) and request events that match the metrics', () => {
    const types = seen.workers.map((e) => e.type);
    expect(types.filter((t) => t !== 'ready')).toEqual(['crash', 'retry']);
    expect(countWhere(seen.workers, { type: 'ready' })).toBe(3);
    for (const ready of seen.workers.filter((e) => e.type === 'ready')) expect(ready.loadMs).toBeGreaterThan(300);
    expect(seen.workers.find((e) => e.type === 'crash')).toMatchObject({ signal: 'SIGKILL', exitCode: null });
    expect(seen.exits).toEqual([expect.objectContaining({ process: 'serve', signal: 'SIGKILL', requestId: null })]);
    expect(seen.requests).toHaveLength(7);
    for (const outcome of ['ok', 'error'] as const) expect(countWhere(seen.requests, { outcome })).toBe(m.value('pocket_tts_requests_total', { outcome }));
    expect(seen.requests.reduce((s, e) => s + e.totalMs, 0) / 1000).toBeCloseTo(m.value('pocket_tts_request_duration_seconds_sum'), 6);
    expect(seen.requests.find((e) => e.code === 'INVALID_INPUT')).toMatchObject({ queuedMs: null, voice: 'default' });
  });
});
