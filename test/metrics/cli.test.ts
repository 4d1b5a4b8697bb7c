// CLI mode: scripted traffic against the installed double, then exact counts and buckets from the registry.
import { join } from 'node:path';
import { execa } from 'execa';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { createTts, type Tts } from '../../src/tts/index.js';
import { doubleRuntime, tempDir, writeToneWav } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';
import { descendantsOf, waitUntil } from '../support/processes.js';
import { countWhere, drain, failure, recordTts, recordingLogger, scrape, type Recorded, type Scrape } from './support.js';

const TEXT = 'Hello there.'; // 12 chars: 12 frames with the double (960 ms) + 200 ms of silence
const LOAD_MS = '600'; // CPU time per process: every successful request takes at least this long

describe('metrics and events of CLI-mode traffic', () => {
  const registry = new Registry();
  const seen: Recorded = { requests: [], workers: [], exits: [] };
  const log = recordingLogger();
  let m: Scrape;

  beforeAll(async () => {
    const dir = await tempDir('ptr-metrics-cli-');
    const wav = await writeToneWav(join(dir, 'voice.wav'), 1);
    const exported = join(dir, 'voice.safetensors');
    await execa(fixtures().doubleBin, ['export-voice', wav, exported, '-q'], { env: { ...process.env, POCKET_TTS_DOUBLE_LOAD_MS: '0' } });
    const metrics = { registry };
    // Three instances on one registry: they share the metrics (counts add up).
    const ok = createTts({ runtime: await doubleRuntime({ LOAD_MS }), concurrency: 4, limits: { voiceRoots: [dir] }, metrics, logger: log.logger });
    const crashing = createTts({ runtime: await doubleRuntime({ FAIL: 'crash' }), metrics });
    const single = createTts({ runtime: await doubleRuntime({ LOAD_MS }), concurrency: 1, maxQueue: 0, metrics });
    for (const tts of [ok, crashing, single]) recordTts(tts, seen);
    await Promise.all([
      ok.generate({ text: TEXT }),
      ok.generate({ text: TEXT, voice: wav }),
      ok.generate({ text: TEXT, voice: exported }),
      drain(ok.stream({ text: TEXT, voice: 'alba' })),
    ]);
    expect(isTtsError(await failure(ok.generate({ text: '   ' })), 'INVALID_INPUT')).toBe(true);
    expect(isTtsError(await failure(crashing.generate({ text: TEXT })), 'PROCESS_FAILED')).toBe(true);
    const [first, second] = await Promise.allSettled([single.generate({ text: TEXT }), single.generate({ text: TEXT })]);
    expect(first?.status).toBe('fulfilled');
    expect(second?.status === 'rejected' && isTtsError(second.reason, 'QUEUE_FULL')).toBe(true);
    await Promise.all([ok.close(), crashing.close(), single.close()]);
    m = await scrape(registry);
  });

  afterAll(async () => {
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('counts requests by mode, api and outcome, and errors by code', () => {
    expect(m.value('pocket_tts_requests_total', { mode: 'cli', api: 'generate', outcome: 'ok' })).toBe(4);
    expect(m.value('pocket_tts_requests_total', { mode: 'cli', api: 'stream', outcome: 'ok' })).toBe(1);
    expect(m.value('pocket_tts_requests_total', { mode: 'cli', api: 'generate', outcome: 'error' })).toBe(3);
    expect(m.value('pocket_tts_errors_total')).toBe(3);
    for (const code of ['INVALID_INPUT', 'PROCESS_FAILED', 'QUEUE_FULL']) expect(m.value('pocket_tts_errors_total', { mode: 'cli', code }), code).toBe(1);
  });

  it('counts every generate process exit by status, and voice sources (exported vs encoded)', () => {
    expect(m.value('pocket_tts_process_exits_total', { process: 'generate', status: '0' })).toBe(5);
    expect(m.value('pocket_tts_process_exits_total', { process: 'generate', status: '1' })).toBe(1);
    expect(m.value('pocket_tts_process_exits_total')).toBe(6);
    // Validated requests only: the blank text never got a voice; the QUEUE_FULL one did.
    expect(m.value('pocket_tts_voice_requests_total', { source: 'exported' })).toBe(1);
    expect(m.value('pocket_tts_voice_requests_total', { source: 'encoded' })).toBe(1);
    expect(m.value('pocket_tts_voice_requests_total', { source: 'catalog' })).toBe(1);
    expect(m.value('pocket_tts_voice_requests_total', { source: 'default' })).toBe(4);
  });

  it('observes timings in the expected buckets (every success spent the double\'s 600 ms load)', () => {
    const ok = { mode: 'cli', outcome: 'ok' };
    expect(m.value('pocket_tts_request_duration_seconds_count', ok)).toBe(5);
    expect(m.value('pocket_tts_request_duration_seconds_bucket', { ...ok, le: 0.5 })).toBe(0);
    expect(m.value('pocket_tts_request_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(5);
    expect(m.value('pocket_tts_request_duration_seconds_count', { outcome: 'error' })).toBe(3);
    expect(m.value('pocket_tts_first_audio_seconds_count')).toBe(5);
    expect(m.value('pocket_tts_first_audio_seconds_bucket', { le: 0.5 })).toBe(0);
    // Requests that got a process: 5 successes and the crash.
    expect(m.value('pocket_tts_queue_wait_seconds_count')).toBe(6);
    expect(m.value('pocket_tts_spawn_seconds_count')).toBe(6);
    // 1.16 s of audio over at least 0.6 s of work: a real-time factor below 2.
    expect(m.value('pocket_tts_real_time_factor_count')).toBe(5);
    expect(m.value('pocket_tts_real_time_factor_bucket', { le: 2 })).toBe(5);
    expect(m.value('pocket_tts_audio_seconds_total')).toBeCloseTo(5 * 1.16, 6);
    expect(m.value('pocket_tts_model_load_seconds_count')).toBe(0);
  });

  it('emits one request event per request, matching the metrics', () => {
    const { requests, exits } = seen;
    expect(requests).toHaveLength(8);
    expect(countWhere(requests, { outcome: 'ok' })).toBe(m.value('pocket_tts_requests_total', { outcome: 'ok' }));
    expect(countWhere(requests, { api: 'stream' })).toBe(m.value('pocket_tts_requests_total', { api: 'stream' }));
    for (const code of ['INVALID_INPUT', 'PROCESS_FAILED', 'QUEUE_FULL'] as const) expect(countWhere(requests, { code })).toBe(m.value('pocket_tts_errors_total', { code }));
    for (const voice of ['exported', 'encoded', 'catalog', 'default'] as const) expect(countWhere(requests, { voice })).toBe(m.value('pocket_tts_voice_requests_total', { source: voice }));
    expect(requests.reduce((s, e) => s + e.totalMs, 0) / 1000).toBeCloseTo(m.value('pocket_tts_request_duration_seconds_sum'), 6);
    expect(requests.reduce((s, e) => s + (e.audioMs ?? 0), 0) / 1000).toBeCloseTo(m.value('pocket_tts_audio_seconds_total'), 6);
    expect(exits).toHaveLength(6);
    expect(exits.every((e) => e.process === 'generate' && e.requestId !== null && e.signal === null)).toBe(true);
    expect(new Set(exits.map((e) => e.requestId))).toEqual(new Set(requests.filter((e) => e.spawnMs !== null).map((e) => e.id)));
    expect(seen.workers).toEqual([]);
  });

  it('request events carry what is known of each request', () => {
    const byCode = (code: string | null): unknown => seen.requests.find((e) => e.code === code);
    expect(byCode('PROCESS_FAILED')).toMatchObject({ outcome: 'error', exitCode: 1, audioMs: null, realTimeFactor: null, voice: 'default', textLength: TEXT.length, mode: 'cli' });
    expect(byCode('INVALID_INPUT')).toMatchObject({ queuedMs: null, spawnMs: null, firstByteMs: null, voice: null, textLength: 3, exitCode: null });
    expect(byCode('QUEUE_FULL')).toMatchObject({ queuedMs: null, voice: 'default' });
    const exported = seen.requests.find((e) => e.voice === 'exported');
    expect(exported).toMatchObject({ outcome: 'ok', code: null, error: null, audioMs: 1160, api: 'generate' });
    expect(exported?.realTimeFactor).toBeCloseTo(1160 / ((exported?.totalMs ?? 0) - (exported?.queuedMs ?? 0)), 9);
    expect(exported?.firstByteMs).toBeGreaterThan(600);
  });

  it('logs each settled request: info when it succeeded, warn when it failed, with the event\'s fields', () => {
    const lines = log.lines.filter((l) => l.obj.event === 'request');
    expect(lines.filter((l) => l.level === 'info' && l.msg === 'tts request ok')).toHaveLength(4);
    const failed = lines.filter((l) => l.level === 'warn' && l.msg === 'tts request failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.obj).toMatchObject({ code: 'INVALID_INPUT', outcome: 'error', mode: 'cli', api: 'generate' });
    expect(typeof failed[0]?.obj.error).toBe('string');
    const ids = seen.requests.map((e) => e.id);
    for (const line of lines) expect(ids).toContain(line.obj.id);
  });
});

describe('load gauges in CLI mode', () => {
  let tts: Tts;
  const registry = new Registry();

  beforeAll(async () => {
    tts = createTts({ runtime: await doubleRuntime({ FAIL: 'hang', FAIL_AFTER_FRAMES: '1' }), concurrency: 1, maxQueue: 5, metrics: { registry } });
  });

  afterAll(async () => {
    await tts.close();
  });

  it('read queue depth, busy and idle workers at scrape time', async () => {
    await tts.ready();
    let m = await scrape(registry);
    expect([m.value('pocket_tts_queue_depth', { mode: 'cli' }), m.value('pocket_tts_workers_busy'), m.value('pocket_tts_workers_idle')]).toEqual([0, 0, 1]);
    const stop = new AbortController();
    const calls = [1, 2, 3].map(() => failure(tts.generate({ text: TEXT, signal: stop.signal })));
    await waitUntil(() => tts.stats().queued === 2 && tts.stats().busy === 1, { what: 'one request running and two queued' });
    m = await scrape(registry);
    expect([m.value('pocket_tts_queue_depth'), m.value('pocket_tts_workers_busy'), m.value('pocket_tts_workers_idle')]).toEqual([2, 1, 0]);
    stop.abort();
    for (const error of await Promise.all(calls)) expect(isTtsError(error, 'ABORTED'), String(error)).toBe(true);
    m = await scrape(registry);
    expect([m.value('pocket_tts_queue_depth'), m.value('pocket_tts_workers_busy'), m.value('pocket_tts_workers_idle')]).toEqual([0, 0, 1]);
    expect(m.value('pocket_tts_errors_total', { code: 'ABORTED' })).toBe(3);
    // The running one was killed by the abort (SIGTERM); the queued ones never started a process.
    expect(m.value('pocket_tts_process_exits_total', { process: 'generate', status: 'SIGTERM' })).toBe(1);
  });
});
