// Contract: "Caches, network and credentials" — http(s):// voices come from
// $HOME/.cache/pocket_tts/<sha256 of URL>.<ext>, and /tts caches voice_url states in-process (LRU of 2).
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillHubCache } from './support/hf-cache.js';
import { postTts, readTimed } from './support/http.js';
import { killAll } from './support/processes.js';
import { describeResult, exitedOk, lastLine } from './support/run.js';
import { parseSafetensors, safetensorsViolations } from './support/safetensors.js';
import { startServer, type Server } from './support/server.js';
import { streamViolations, toneWav } from './support/wav.js';
import { doubleOnly, isDouble, target, timeout } from './target.js';

afterAll(killAll);

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A HOME whose pocket_tts cache holds `wav` under the name upstream derives from each URL. */
async function homeWithCachedVoices(urls: Record<string, Buffer>): Promise<string> {
  const home = target().tmp('home');
  const dir = join(home, '.cache', 'pocket_tts');
  await mkdir(dir, { recursive: true });
  for (const [url, data] of Object.entries(urls)) {
    const ext = /\.([A-Za-z0-9]+)$/.exec(new URL(url).pathname)?.[1] ?? 'wav';
    await writeFile(join(dir, `${sha256(url)}.${ext}`), data);
  }
  return home;
}

// The double has no network: a URL is only usable when its file is already in the cache, which is what
// these tests check. A real install would download instead, so they only run against the double.
describe.runIf(doubleOnly.urlCache).concurrent('http(s):// voices come from $HOME/.cache/pocket_tts/<sha256 of URL>.<ext>', () => {
  const URL_A = 'https://voices.example.invalid/speakers/tone-a.wav';

  it('generate --voice http(s)://… uses the cached file (same audio as the local WAV)', async () => {
    const t = target();
    const wav = await readFile(t.voiceWav);
    const home = await homeWithCachedVoices({ [URL_A]: wav });
    const [viaUrl, viaFile] = await Promise.all([
      t.generate([], { voice: ['--voice', URL_A], env: { HOME: home } }),
      t.generate([], { voice: ['--voice', t.voiceWav] }),
    ]);
    expect(exitedOk(viaUrl), describeResult(viaUrl)).toBe(true);
    expect(streamViolations(viaUrl.stdout)).toEqual([]);
    expect(viaUrl.stdout.equals(viaFile.stdout)).toBe(true);
  });

  it('the cache follows HOME: another HOME without the file cannot use the URL (exit 1)', async () => {
    const t = target();
    const home = await homeWithCachedVoices({});
    const r = await t.generate([], { voice: ['--voice', URL_A], env: { HOME: home } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(r.stdout.length).toBe(0);
  });

  it('export-voice http(s)://… encodes the cached file', async () => {
    const t = target();
    const home = await homeWithCachedVoices({ [URL_A]: await readFile(t.voiceWav) });
    const dir = t.tmp('export-url');
    const [a, b] = await Promise.all([
      t.cli(['export-voice', URL_A, join(dir, 'url.safetensors')], { env: { HOME: home } }),
      t.cli(['export-voice', t.voiceWav, join(dir, 'file.safetensors')]),
    ]);
    expect(exitedOk(a), describeResult(a)).toBe(true);
    expect(exitedOk(b), describeResult(b)).toBe(true);
    const [x, y] = await Promise.all([readFile(join(dir, 'url.safetensors')), readFile(join(dir, 'file.safetensors'))]);
    expect(safetensorsViolations(parseSafetensors(x))).toEqual([]);
    expect(x.equals(y)).toBe(true);
  });
});

describe.runIf(doubleOnly.knobs)('POST /tts voice_url states are cached in-process (LRU of 2)', () => {
  const urls = ['https://voices.example.invalid/one.wav', 'https://voices.example.invalid/two.wav', 'https://voices.example.invalid/three.wav'];
  let s: Server;
  beforeAll(async () => {
    const t = target();
    const files: Record<string, Buffer> = {};
    urls.forEach((u, i) => {
      files[u] = toneWav({ seconds: 2, freq: 200 + 40 * i });
    });
    const home = await homeWithCachedVoices(files);
    s = await startServer({ bin: t.bin, env: t.env({ HOME: home, POCKET_TTS_DOUBLE_ENCODE_MS: '800' }) });
  });
  afterAll(async () => {
    await s.stop();
  });

  /** Milliseconds to the first body byte of a /tts request with this voice_url. */
  async function ttfb(voiceUrl: string): Promise<number> {
    const started = performance.now();
    const res = await postTts(s.url, { text: 'Hi.', voice_url: voiceUrl });
    expect(res.status).toBe(200);
    const body = await readTimed(res);
    expect(streamViolations(body.body)).toEqual([]);
    return (body.firstByteAt ?? Infinity) - started;
  }

  it('an http(s) voice_url is served from the HOME cache; a repeat is fast; after two other URLs it is encoded again', { timeout: 30_000 }, async () => {
    const [one, two, three] = urls as [string, string, string];
    const first = await ttfb(one);
    const again = await ttfb(one);
    await ttfb(two);
    await ttfb(three);
    const evicted = await ttfb(one);
    const log = `first ${first.toFixed(0)} ms, again ${again.toFixed(0)} ms, after eviction ${evicted.toFixed(0)} ms`;
    expect(first, log).toBeGreaterThan(600);
    expect(again, log).toBeLessThan(first / 2);
    expect(evicted, log).toBeGreaterThan(600);
  });
});

describe.concurrent('voices that cannot be downloaded', () => {
  it('an hf:// voice that is not cached, offline → LocalEntryNotFoundError, exit 1', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const home = t.tmp('hf-voice');
    // Against the double the model's own files are cached, so it is the voice that is missing.
    if (isDouble) await fillHubCache(join(home, 'hub'));
    const env = { HF_HUB_OFFLINE: '1', HF_HOME: home, HF_HUB_CACHE: undefined };
    const r = await t.generate([], { voice: ['--voice', 'hf://kyutai/tts-voices/expresso/ex01-ex02_default_001_channel2_198s.wav'], env });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toMatch(/(^|\.)LocalEntryNotFoundError: .*cannot find the requested files in the local cache/);
  });

  it('an http(s) voice that is neither cached nor reachable → exit 1 (a requests/HTTP error)', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const home = await homeWithCachedVoices({});
    const r = await t.generate([], { voice: ['--voice', 'http://voice.nowhere.invalid/missing.wav'], env: { HOME: home } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(r.stderr).toContain('Traceback (most recent call last):');
    expect(r.stdout.length).toBe(0);
  });
});
