// Contract: how generation fails (mid-stream crash, offline, missing gated weights) and the Hugging Face
// cache layout of the last table; plus the double's knobs that make those failures and timings happen.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { describeResult, exitedOk, lastLine } from './support/run.js';
import { record } from './support/stream.js';
import { kill, killAll } from './support/processes.js';
import { readTrace } from './support/trace.js';
import { fillHubCache, gatedCommit } from './support/hf-cache.js';
import { FRAME_BYTES, HEADER_BYTES, hasSilentTail, parseHeader, pcmBytes, streamViolations } from './support/wav.js';
import { SHORT_TEXT, doubleOnly, target, timeout } from './target.js';

afterAll(killAll);

const LOCAL_ENTRY = /(^|\.)LocalEntryNotFoundError: .*cannot find the requested files in the local cache/;
const CLONING = /^ValueError: We could not download the weights for the model with voice cloning/;

/** A stream cut short: a valid header, whole frames, and no trailing silence. */
function expectCutStream(stdout: Buffer): void {
  expect(stdout.length).toBeGreaterThanOrEqual(HEADER_BYTES);
  expect(parseHeader(stdout).riff).toBe('RIFF');
  expect(pcmBytes(stdout).length % FRAME_BYTES).toBe(0);
  expect(hasSilentTail(stdout)).toBe(false);
}

describe.runIf(doubleOnly.knobs).concurrent('failures mid-stream (double knobs)', () => {
  it('crash: exit 1, a traceback, the frames written so far, no trailing silence', async () => {
    const r = await target().generate([], { env: { POCKET_TTS_DOUBLE_FAIL: 'crash', PYTHONUNBUFFERED: '1' } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(r.stderr).toContain('Traceback (most recent call last):');
    expect(lastLine(r.stderr)).toBe('RuntimeError: contract double: simulated crash mid-stream');
    expectCutStream(r.stdout);
    expect(pcmBytes(r.stdout).length).toBe(3 * FRAME_BYTES);
  });

  it('crash with POCKET_TTS_DOUBLE_FAIL_AFTER_FRAMES=1 stops after one frame', async () => {
    const r = await target().generate([], { env: { POCKET_TTS_DOUBLE_FAIL: 'crash', POCKET_TTS_DOUBLE_FAIL_AFTER_FRAMES: '1' } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expectCutStream(r.stdout);
    expect(pcmBytes(r.stdout).length).toBe(FRAME_BYTES);
  });

  it('POCKET_TTS_DOUBLE_FAIL_FILE is read like POCKET_TTS_DOUBLE_FAIL; a missing file means no failure', async () => {
    const t = target();
    const dir = t.tmp('fail-file');
    const file = join(dir, 'fail');
    await writeFile(file, 'crash\n');
    const [failing, fine] = await Promise.all([
      t.generate([], { env: { POCKET_TTS_DOUBLE_FAIL_FILE: file } }),
      t.generate([], { env: { POCKET_TTS_DOUBLE_FAIL_FILE: join(dir, 'absent') } }),
    ]);
    expect(failing.exitCode, describeResult(failing)).toBe(1);
    expect(exitedOk(fine), describeResult(fine)).toBe(true);
  });

  it('garbage: exit 0 with stdout bytes that are not a WAV stream', async () => {
    const r = await target().generate([], { env: { POCKET_TTS_DOUBLE_FAIL: 'garbage' } });
    expect(exitedOk(r), describeResult(r)).toBe(true);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(streamViolations(r.stdout).length).toBeGreaterThan(0);
  });

  it('hang: the stream stops after the first frames and the process stays until killed', { timeout: 20_000 }, async () => {
    const t = target();
    const rec = record(t.bin, ['generate', '--text', '-', '--output-path', '-'], {
      env: t.env({ POCKET_TTS_DOUBLE_FAIL: 'hang', PYTHONUNBUFFERED: '1' }),
      input: SHORT_TEXT,
    });
    try {
      await rec.waitForBytes(HEADER_BYTES + 3 * FRAME_BYTES, 10_000);
      await sleep(1000);
      expect(rec.running()).toBe(true);
      expect(rec.stdout().length).toBe(HEADER_BYTES + 3 * FRAME_BYTES);
    } finally {
      await kill(rec.child);
    }
    const exit = await rec.exited;
    expect(exit.signal).toBe('SIGKILL');
    expectCutStream(rec.stdout());
  });

  it('die: the process is killed by SIGKILL mid-stream, no trailing silence', async () => {
    const r = await target().generate([], { env: { POCKET_TTS_DOUBLE_FAIL: 'die', PYTHONUNBUFFERED: '1' } });
    expect(r.signal, describeResult(r)).toBe('SIGKILL');
    expect(r.exitCode).toBeUndefined();
    expectCutStream(r.stdout);
  });

  it('die-on-load: the process is killed by SIGKILL before any audio', async () => {
    const r = await target().generate([], { env: { POCKET_TTS_DOUBLE_FAIL: 'die-on-load', PYTHONUNBUFFERED: '1' } });
    expect(r.signal, describeResult(r)).toBe('SIGKILL');
    expect(r.stdout.length).toBe(0);
  });

  it('offline: `LocalEntryNotFoundError: …cannot find the requested files in the local cache…`, exit 1', async () => {
    const r = await target().generate([], { env: { POCKET_TTS_DOUBLE_FAIL: 'offline' } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toMatch(LOCAL_ENTRY);
    expect(r.stdout.length).toBe(0);
  });

  it('no-cloning: a catalog voice still works', async () => {
    const r = await target().generate([], { voice: ['--voice', 'alba'], env: { POCKET_TTS_DOUBLE_FAIL: 'no-cloning' } });
    expect(exitedOk(r), describeResult(r)).toBe(true);
    expect(streamViolations(r.stdout)).toEqual([]);
  });

  it('no-cloning: a WAV voice → `ValueError: We could not download the weights for the model with voice cloning…`, exit 1', async () => {
    const t = target();
    const r = await t.generate([], { voice: ['--voice', t.voiceWav], env: { POCKET_TTS_DOUBLE_FAIL: 'no-cloning' } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toMatch(CLONING);
    expect(r.stdout.length).toBe(0);
  });
});

describe.concurrent('HF_HUB_OFFLINE=1 and the Hugging Face cache', () => {
  it('with an empty cache → `LocalEntryNotFoundError: …cannot find the requested files in the local cache…`, exit 1', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const home = t.tmp('hf-empty');
    const r = await t.generate(['--language', 'english'], {
      model: [], voice: [], env: { HF_HUB_OFFLINE: '1', HF_HOME: home, HF_HUB_CACHE: undefined, HF_TOKEN: undefined },
    });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toMatch(LOCAL_ENTRY);
    expect(r.stdout.length).toBe(0);
  });

  it.runIf(doubleOnly.placeholderHub)('with the pinned english files in $HF_HOME/hub → succeeds offline (double: empty files)', async () => {
    const t = target();
    const home = t.tmp('hf-full');
    await fillHubCache(join(home, 'hub'));
    const r = await t.generate(['--language', 'english'], { env: { HF_HUB_OFFLINE: '1', HF_HOME: home, HF_HUB_CACHE: undefined } });
    expect(exitedOk(r), describeResult(r)).toBe(true);
    expect(streamViolations(r.stdout)).toEqual([]);
  });

  it.runIf(doubleOnly.placeholderHub)('HF_HUB_CACHE overrides $HF_HOME/hub', async () => {
    const t = target();
    const hub = t.tmp('hf-hub-cache');
    await fillHubCache(hub);
    const r = await t.generate([], { env: { HF_HUB_OFFLINE: '1', HF_HOME: t.tmp('hf-other-home'), HF_HUB_CACHE: hub } });
    expect(exitedOk(r), describeResult(r)).toBe(true);
  });

  it.runIf(doubleOnly.placeholderHub)('english_2026-01 takes its tokenizer from its own path (2.1.0: the repo root\'s tokenizer.model)', async () => {
    const t = target();
    const home = t.tmp('hf-2026-01');
    await fillHubCache(join(home, 'hub'), { language: 'english_2026-01' });
    const r = await t.generate(['--language', 'english_2026-01'], { env: { HF_HUB_OFFLINE: '1', HF_HOME: home, HF_HUB_CACHE: undefined } });
    expect(exitedOk(r), describeResult(r)).toBe(true);
  });

  it.runIf(doubleOnly.placeholderHub)('english_2026-04 takes its gated weights from its own commit (19f95fe2…), not english\'s (2.1.0: 39592ff2…)', async () => {
    const t = target();
    const right = t.tmp('hf-2026-04');
    const wrong = t.tmp('hf-2026-04-wrong');
    await fillHubCache(join(right, 'hub'), { language: 'english_2026-04' });
    await fillHubCache(join(wrong, 'hub'), { language: 'english_2026-04', gatedCommit: gatedCommit('english') });
    const args = ['--language', 'english_2026-04'];
    const voice = ['--voice', t.voiceWav];
    const [ok, noCloning] = await Promise.all([
      t.generate(args, { voice, env: { HF_HUB_OFFLINE: '1', HF_HOME: right, HF_HUB_CACHE: undefined } }),
      t.generate(args, { voice, env: { HF_HUB_OFFLINE: '1', HF_HOME: wrong, HF_HUB_CACHE: undefined } }),
    ]);
    expect(exitedOk(ok), describeResult(ok)).toBe(true);
    expect(noCloning.exitCode, describeResult(noCloning)).toBe(1);
    expect(lastLine(noCloning.stderr)).toMatch(CLONING);
  });

  it.runIf(doubleOnly.placeholderHub)('a catalog voice whose embedding is not cached → LocalEntryNotFoundError, exit 1', async () => {
    const t = target();
    const home = t.tmp('hf-no-marius');
    await fillHubCache(join(home, 'hub'), { voices: ['alba'] });
    const r = await t.generate([], { voice: ['--voice', 'marius'], env: { HF_HUB_OFFLINE: '1', HF_HOME: home, HF_HUB_CACHE: undefined } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toMatch(LOCAL_ENTRY);
  });

  it.runIf(doubleOnly.placeholderHub)('without the gated weights file: catalog voices work, cloning raises the voice-cloning ValueError', async () => {
    const t = target();
    const home = t.tmp('hf-no-gated');
    await fillHubCache(join(home, 'hub'), { gated: false });
    const env = { HF_HUB_OFFLINE: '1', HF_HOME: home, HF_HUB_CACHE: undefined };
    const [catalog, cloned] = await Promise.all([
      t.generate([], { env }),
      t.generate([], { voice: ['--voice', t.voiceWav], env }),
    ]);
    expect(exitedOk(catalog), describeResult(catalog)).toBe(true);
    expect(cloned.exitCode, describeResult(cloned)).toBe(1);
    expect(lastLine(cloned.stderr)).toMatch(CLONING);
  });
});

describe.runIf(doubleOnly.knobs)('timing knobs (double; loose ratios, sequential)', () => {
  it('POCKET_TTS_DOUBLE_LOAD_MS changes the wall time of a run', { timeout: 30_000, retry: 2 }, async () => {
    const t = target();
    const fast = await t.generate([], { env: { POCKET_TTS_DOUBLE_LOAD_MS: '20' } });
    const slow = await t.generate([], { env: { POCKET_TTS_DOUBLE_LOAD_MS: '1200' } });
    expect(exitedOk(fast)).toBe(true);
    expect(exitedOk(slow)).toBe(true);
    expect(slow.durationMs - fast.durationMs).toBeGreaterThan(700);
  });

  it('POCKET_TTS_DOUBLE_FRAME_MS changes the wall time of a run', { timeout: 30_000, retry: 2 }, async () => {
    const t = target();
    // 'Hello there, this is a test.' is about 25 frames.
    const fast = await t.generate([], { env: { POCKET_TTS_DOUBLE_FRAME_MS: '1' } });
    const slow = await t.generate([], { env: { POCKET_TTS_DOUBLE_FRAME_MS: '50' } });
    expect(exitedOk(fast)).toBe(true);
    expect(exitedOk(slow)).toBe(true);
    expect(slow.durationMs - fast.durationMs).toBeGreaterThan(600);
    expect(slow.stdout.equals(fast.stdout)).toBe(true);
  });

  it('POCKET_TTS_DOUBLE_ENCODE_MS is paid for a WAV voice, not for a catalog voice', { timeout: 30_000, retry: 2 }, async () => {
    const t = target();
    const env = { POCKET_TTS_DOUBLE_ENCODE_MS: '1000' };
    const catalog = await t.generate([], { voice: ['--voice', 'alba'], env });
    const wav = await t.generate([], { voice: ['--voice', t.voiceWav], env });
    expect(exitedOk(catalog)).toBe(true);
    expect(exitedOk(wav)).toBe(true);
    expect(wav.durationMs - catalog.durationMs).toBeGreaterThan(600);
  });

  it('POCKET_TTS_DOUBLE_TRACE_FILE records the command, argv and the parsed flags', async () => {
    const t = target();
    const trace = t.traceFile();
    const args = ['--temperature', '0.25', '--lsd-decode-steps', '3', '--frames-after-eos', '2', '--eos-threshold', '-2.5', '--max-tokens', '30', '--noise-clamp', '1.5', '--quantize', '-q'];
    const r = await t.generate(args, { voice: ['--voice', 'marius'], env: { POCKET_TTS_DOUBLE_TRACE_FILE: trace } });
    expect(exitedOk(r), describeResult(r)).toBe(true);
    const entries = await readTrace(trace);
    expect(entries).toHaveLength(1);
    const e = entries[0];
    expect(e?.command).toBe('generate');
    expect(typeof e?.pid).toBe('number');
    expect(e?.argv).toEqual(expect.arrayContaining(args));
    expect(e?.params).toMatchObject({
      temperature: 0.25, lsd_decode_steps: 3, frames_after_eos: 2, eos_threshold: -2.5, max_tokens: 30, noise_clamp: 1.5, quantize: true, quiet: true,
    });
    expect(e?.voice).toEqual({ kind: 'catalog', value: 'marius' });
    expect(e?.text_chars).toBe(SHORT_TEXT.length);
  });
});
