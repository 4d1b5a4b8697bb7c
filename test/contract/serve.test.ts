// Contract: `pocket-tts serve` — startup order, logs, endpoints, POST /tts statuses and bodies,
// concurrency, disconnects, port conflicts and shutdown.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawPost } from './support/chunked.js';
import { postTts, readTimed, type TtsFields } from './support/http.js';
import { occupyPort, freePort, probe } from './support/ports.js';
import { cpuSeconds } from './support/proc.js';
import { killAll } from './support/processes.js';
import { describeResult, exitedOk, lastLine } from './support/run.js';
import { startServer, waitFor, type Server } from './support/server.js';
import { readTrace } from './support/trace.js';
import { FRAME_BYTES, hasSilentTail, parseHeader, pcmBytes, streamViolations } from './support/wav.js';
import { SHORT_TEXT, doubleOnly, hasLanguageModels, hasLocalConfig, isDouble, release, target, timeout, usesLocalConfig } from './target.js';

afterAll(killAll);

/**
 * Voice fields that work with the target's model when the request gives none of its own: nothing (the
 * language's default voice), or, on a real install driven by a local config, an exported voice state.
 */
let defaultVoice: TtsFields = {};
let exportedState: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  const t = target();
  const out = join(t.tmp('serve-export'), 'voice.safetensors');
  const r = await t.cli(['export-voice', t.voiceWav, out, ...t.modelArgs]);
  expect(exitedOk(r), describeResult(r)).toBe(true);
  exportedState = await readFile(out);
  if (t.modelArgs.length > 0) defaultVoice = { voice_wav: { name: 'voice.safetensors', data: exportedState } };
}, timeout(60_000));

/** Polls GET /health until it answers 200; returns its body (undefined on timeout). */
async function waitForHealth(url: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      const body = await res.text();
      if (res.status === 200) return body;
    } catch {
      // not bound yet
    }
    await sleep(50);
  }
  return undefined;
}

const CATALOG = [
  'alba', 'marius', 'javert', 'jean', 'fantine', 'cosette', 'eponine', 'azelma', 'anna', 'vera', 'charles', 'paul', 'george', 'mary',
  'jane', 'michael', 'eve', 'bill_boerst', 'peter_yearsley', 'stuart_bell', 'caro_davy', 'giovanni', 'lola', 'juergen', 'rafael', 'estelle',
];

const ACCESS_LOG = (method: string, path: string, status: string): RegExp =>
  new RegExp(`^INFO: +127\\.0\\.0\\.1:\\d+ - "${method} ${path.replace('/', '\\/')} HTTP/1\\.1" ${status}$`, 'm');

describe('serve: one shared server', () => {
  let s: Server;
  let trace = '';
  beforeAll(async () => {
    const t = target();
    trace = t.traceFile();
    s = await startServer({ bin: t.bin, args: t.modelArgs, env: t.env({ POCKET_TTS_DOUBLE_TRACE_FILE: trace }), timeoutMs: timeout(60_000) });
  }, timeout(60_000));
  afterAll(async () => {
    await s.stop();
  });

  describe.concurrent('endpoints', () => {
    it('GET /health → 200 exactly {"status":"healthy"}', async () => {
      const res = await fetch(`${s.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('{"status":"healthy"}');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('GET / serves a small web page (HTML)', async () => {
      const res = await fetch(`${s.url}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect((await res.text()).toLowerCase()).toContain('<html');
    });

    it('uvicorn\'s startup lines ("Uvicorn running on …") go to stderr, not stdout', () => {
      expect(s.stderr()).toContain(`Uvicorn running on http://127.0.0.1:${s.port}`);
      expect(s.stdout()).not.toContain('Uvicorn running on');
    });

    it('access-log lines go to stdout after a request', async () => {
      const res = await postTts(s.url, { text: SHORT_TEXT, ...defaultVoice });
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      const out = await waitFor(() => s.stdout(), (o) => ACCESS_LOG('POST', '/tts', '200 OK').test(o), 5000);
      expect(out).toMatch(ACCESS_LOG('POST', '/tts', '200 OK'));
      expect(s.stderr()).not.toMatch(ACCESS_LOG('POST', '/tts', '200 OK'));
    });

    it('POST /tts without text → 422 {"detail":[{"type":"missing","loc":["body","text"],"msg":"Field required","input":null}]}', async () => {
      const res = await postTts(s.url, { voice_url: 'alba' });
      expect(res.status).toBe(422);
      expect(await res.text()).toBe('{"detail":[{"type":"missing","loc":["body","text"],"msg":"Field required","input":null}]}');
    });

    it('POST /tts with blank text → 400 {"detail":"Text cannot be empty"}', async () => {
      const res = await postTts(s.url, { text: '   ', ...defaultVoice });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('{"detail":"Text cannot be empty"}');
    });

    it('POST /tts with a voice_url that is neither a catalog name nor http(s)/hf → 400 {"detail":"voice_url must start with http://, https://, or hf://"}', async () => {
      const res = await postTts(s.url, { text: SHORT_TEXT, voice_url: 'ftp://example.com/voice.wav' });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('{"detail":"voice_url must start with http://, https://, or hf://"}');
    });

    it('POST /tts with both voice_url and voice_wav → 400 {"detail":"Cannot provide both voice_url and voice_wav"}', async () => {
      const res = await postTts(s.url, { text: SHORT_TEXT, voice_url: 'alba', voice_wav: { name: 'voice.safetensors', data: exportedState } });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('{"detail":"Cannot provide both voice_url and voice_wav"}');
    });

    it.runIf(hasLanguageModels && !usesLocalConfig)('POST /tts with a catalog voice_url → 200 and a WAV stream', { timeout: timeout(30_000) }, async () => {
      const res = await postTts(s.url, { text: SHORT_TEXT, voice_url: 'marius' });
      expect(res.status).toBe(200);
      expect(streamViolations(Buffer.from(await res.arrayBuffer()))).toEqual([]);
    });

    it('POST /tts with a .safetensors upload → 200 and a WAV stream', { timeout: timeout(30_000) }, async () => {
      const res = await postTts(s.url, { text: SHORT_TEXT, voice_wav: { name: 'voice.safetensors', data: exportedState } });
      expect(res.status).toBe(200);
      expect(streamViolations(Buffer.from(await res.arrayBuffer()))).toEqual([]);
    });

    it('POST /tts with a .wav upload → 200 and a WAV stream', { timeout: timeout(60_000) }, async () => {
      const res = await postTts(s.url, { text: SHORT_TEXT, voice_wav: { name: 'voice.wav', data: await readFile(target().voiceWav), type: 'audio/wav' } });
      expect(res.status).toBe(200);
      expect(streamViolations(Buffer.from(await res.arrayBuffer()))).toEqual([]);
    });

    it('POST /tts upload format is chosen by the file NAME\'s suffix: WAV bytes named .safetensors → 500', async () => {
      const res = await postTts(s.url, { text: SHORT_TEXT, voice_wav: { name: 'voice.safetensors', data: await readFile(target().voiceWav) } });
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('Internal Server Error');
    });

    it.runIf(hasLanguageModels && !usesLocalConfig)('POST /tts accepts every catalog voice as voice_url', { timeout: timeout(120_000) }, async () => {
      const statuses: Record<string, number> = {};
      for (const voice of CATALOG) {
        const res = await postTts(s.url, { text: 'Hi.', voice_url: voice });
        await res.arrayBuffer();
        statuses[voice] = res.status;
      }
      expect(statuses).toEqual(Object.fromEntries(CATALOG.map((v) => [v, 200])));
    });

    it('POST /tts with an unreadable audio upload → 500 plain "Internal Server Error"', async () => {
      const res = await postTts(s.url, { text: SHORT_TEXT, voice_wav: { name: 'voice.wav', data: Buffer.from('not a wav file at all\n'.repeat(8)) } });
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('Internal Server Error');
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    });

    it('POST /tts success → 200, Content-Type audio/wav, chunked transfer, body in the WAV stream format', { timeout: timeout(30_000) }, async () => {
      const form = new FormData();
      form.append('text', SHORT_TEXT);
      if (defaultVoice.voice_wav) form.append('voice_wav', new Blob([exportedState]), defaultVoice.voice_wav.name);
      const res = await rawPost(`${s.url}/tts`, form, timeout(30_000));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^audio\/wav/);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.complete).toBe(true);
      expect(streamViolations(res.body)).toEqual([]);
    });

    it('POST /tts body: the header is sent as chunks of 4, 36 and 4 bytes (a first chunk shorter than 44 bytes)', { timeout: timeout(30_000) }, async () => {
      const form = new FormData();
      form.append('text', SHORT_TEXT);
      if (defaultVoice.voice_wav) form.append('voice_wav', new Blob([exportedState]), defaultVoice.voice_wav.name);
      const res = await rawPost(`${s.url}/tts`, form, timeout(30_000));
      expect(res.status).toBe(200);
      expect(res.chunks.slice(0, 3).map((c) => c.size)).toEqual([4, 36, 4]);
      expect(res.chunks[3]?.size).toBe(FRAME_BYTES);
    });

    it.runIf(doubleOnly.trace)('POST /tts with neither voice field uses the language\'s default voice (alba)', async () => {
      const res = await postTts(s.url, { text: 'Default voice check.' });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      const entries = (await readTrace(trace)).filter((e) => e.text_chars === 'Default voice check.'.length);
      expect(entries.length).toBeGreaterThanOrEqual(1);
      expect(entries.at(-1)?.voice).toEqual({ kind: 'catalog', value: 'alba' });
    });
  });
});

describe.concurrent('serve: the default voice, per release', () => {
  it.runIf(release.v2)('2.1.0: serve has no --default-voice (exit 2, `No such option: --default-voice`)', async () => {
    const r = await target().cli(['serve', '--default-voice', 'marius']);
    expect(r.exitCode, describeResult(r)).toBe(2);
    expect(r.stderr).toContain('No such option: --default-voice');
  });

  it.runIf(release.v3plus && hasLanguageModels)('3.3.0+: `--default-voice NAME` is loaded at start, and a request with no voice speaks it', { timeout: timeout(90_000) }, async () => {
    const t = target();
    const trace = t.traceFile();
    const s = await startServer({ bin: t.bin, args: ['--language', 'english', '--default-voice', 'marius'], env: t.env({ POCKET_TTS_DOUBLE_TRACE_FILE: trace }), timeoutMs: timeout(60_000) });
    try {
      const res = await postTts(s.url, { text: 'Default voice check.' });
      expect(res.status).toBe(200);
      expect(pcmBytes(Buffer.from(await res.arrayBuffer())).length).toBeGreaterThan(0);
      if (doubleOnly.trace) expect((await readTrace(trace)).filter((e) => e.command === 'tts').at(-1)?.voice).toEqual({ kind: 'catalog', value: 'marius' });
    } finally {
      await s.stop();
    }
  });

  it.runIf(release.v3plus)('3.3.0+: a `--default-voice` that cannot load fails the start before binding (exit 1, never "Uvicorn running on")', { timeout: timeout(90_000) }, async () => {
    const t = target();
    const missing = join(t.tmp('serve-default-voice'), 'missing.safetensors');
    const r = await t.cli(['serve', '--port', String(await freePort()), ...t.modelArgs, '--default-voice', missing], { timeoutMs: timeout(90_000) });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(r.stderr).not.toContain('Uvicorn running on');
  });
});

describe.concurrent('serve: startup, binding and shutdown', () => {
  it('loads the model, THEN binds: the port refuses connections during the load while the process is alive', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const port = await freePort();
    const s = await startServer({ bin: t.bin, args: t.modelArgs, port, env: t.env({ POCKET_TTS_DOUBLE_LOAD_MS: '1500' }), waitHealthy: false });
      // LOAD_MS is CPU time, so a busy machine only makes the load (and the refusal window) longer.
    try {
      const started = performance.now();
      const probes: string[] = [];
      while (performance.now() - started < 1000) {
        probes.push(await probe(port));
        expect(s.child.exitCode).toBeNull();
        await sleep(100);
      }
      expect(probes.length).toBeGreaterThan(3);
      expect(probes.every((p) => p === 'refused'), probes.join(',')).toBe(true);
      const ready = await waitForHealth(s.url, timeout(30_000));
      expect(ready).toBe('{"status":"healthy"}');
    } finally {
      await s.stop();
    }
  });

  it('binds localhost by default ("Uvicorn running on http://localhost:PORT"); --language and --quantize are accepted', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const model = t.modelArgs.length > 0 ? t.modelArgs : ['--language', 'english'];
    const s = await startServer({ bin: t.bin, args: [...model, '--quantize'], host: null, env: t.env(), timeoutMs: timeout(60_000) });
    try {
      expect(s.stderr()).toContain(`Uvicorn running on http://localhost:${s.port}`);
    } finally {
      await s.stop();
    }
  });

  it('serve --help lists --host (default localhost), --port (default 8000), --language, --config, --quantize, --reload', async () => {
    const r = await target().cli(['serve', '--help'], { env: { COLUMNS: '200' } });
    expect(exitedOk(r), describeResult(r)).toBe(true);
    const help = r.stdout.toString('utf8');
    for (const flag of ['--host', '--port', '--language', '--config', '--quantize', '--reload']) expect(help).toContain(flag);
    expect(help).toContain('localhost');
    expect(help).toContain('8000');
  });

  // uvicorn's exit code for it is folklore: 1 before 0.54, 3 (STARTUP_FAILURE) since. Only "not 0" is relied on.
  it('a port already in use → a non-zero exit (1 or 3 by uvicorn version) with `[Errno 98] error while attempting to bind on address (…): address already in use`, after the load', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const busy = await occupyPort('127.0.0.1');
    try {
      const started = performance.now();
      const r = await t.cli(['serve', '--host', '127.0.0.1', '--port', String(busy.port), ...t.modelArgs], {
        env: { POCKET_TTS_DOUBLE_LOAD_MS: '500' },
        timeoutMs: timeout(60_000),
      });
      const elapsed = performance.now() - started;
      expect(bindFailureExit(r), describeResult(r)).toBe(true);
      expect(r.stderr).toContain(`[Errno 98] error while attempting to bind on address ('127.0.0.1', ${busy.port}): address already in use`);
      if (isDouble) expect(elapsed).toBeGreaterThan(450);
      expect(r.stderr).not.toContain('Uvicorn running on');
    } finally {
      await busy.close();
    }
  });

  it.runIf(doubleOnly.knobs)('refuse-bind knob: the same errno 98 failure on a free port, exit 3 (exit 1 with POCKET_TTS_DOUBLE_UVICORN=legacy)', async () => {
    const t = target();
    const port = await freePort();
    const r = await t.cli(['serve', '--host', '127.0.0.1', '--port', String(port)], { env: { POCKET_TTS_DOUBLE_FAIL: 'refuse-bind' } });
    expect(r.exitCode, describeResult(r)).toBe(3);
    const legacy = await t.cli(['serve', '--host', '127.0.0.1', '--port', String(port)], { env: { POCKET_TTS_DOUBLE_FAIL: 'refuse-bind', POCKET_TTS_DOUBLE_UVICORN: 'legacy' } });
    expect(legacy.exitCode, describeResult(legacy)).toBe(1);
    expect(r.stderr).toContain(`ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', ${port}): address already in use`);
  });

  it.runIf(doubleOnly.knobs)('offline knob: serve fails with LocalEntryNotFoundError before binding, exit 1', async () => {
    const t = target();
    const port = await freePort();
    const r = await t.cli(['serve', '--host', '127.0.0.1', '--port', String(port)], { env: { POCKET_TTS_DOUBLE_FAIL: 'offline' } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toMatch(/(^|\.)LocalEntryNotFoundError: .*cannot find the requested files in the local cache/);
    expect(r.stderr).not.toContain('Uvicorn running on');
  });

  // How it then ends is folklore too: exit 0 (older uvicorn), SIGTERM re-raised (0.54+), or the exit abort.
  it('SIGTERM → graceful shutdown (`Finished server process`) within a few seconds, ending by exit 0, SIGTERM or the exit abort', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const s = await startServer({ bin: t.bin, args: t.modelArgs, env: t.env(), timeoutMs: timeout(60_000) });
    const started = performance.now();
    s.child.kill('SIGTERM');
    const result = await Promise.race([s.child, sleep(10_000).then(() => undefined)]);
    await s.stop();
    expect(result, 'still running 10 s after SIGTERM').toBeDefined();
    expect(s.stderr()).toMatch(/Finished server process \[\d+\]/);
    expect(stoppedCleanly({ exitCode: result?.exitCode, signal: result?.signal, stderr: s.stderr() }), `${String(result?.exitCode)} ${String(result?.signal)}\n${s.stderr()}`).toBe(true);
    if (isDouble) expect(result?.signal).toBe('SIGTERM');
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it.runIf(doubleOnly.knobs)('POCKET_TTS_DOUBLE_SHUTDOWN_MS delays the graceful exit; POCKET_TTS_DOUBLE_IGNORE_SIGTERM=1 ignores SIGTERM', { timeout: 30_000 }, async () => {
    const t = target();
    const [slow, deaf] = await Promise.all([
      startServer({ bin: t.bin, env: t.env({ POCKET_TTS_DOUBLE_SHUTDOWN_MS: '1500' }) }),
      startServer({ bin: t.bin, env: t.env({ POCKET_TTS_DOUBLE_IGNORE_SIGTERM: '1' }) }),
    ]);
    try {
      const started = performance.now();
      slow.child.kill('SIGTERM');
      deaf.child.kill('SIGTERM');
      const r = await slow.child;
      expect(r.signal).toBe('SIGTERM');
      expect(performance.now() - started).toBeGreaterThan(1200);
      expect(deaf.child.exitCode).toBeNull();
      expect(await probe(deaf.port)).toBe('open');
    } finally {
      await Promise.all([slow.stop(), deaf.stop()]);
    }
  });
});

describe.concurrent('serve: failures and models', () => {
  it.runIf(hasLocalConfig)('a catalog voice_url with a custom --config → 500 plain "Internal Server Error"', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const s = await startServer({ bin: t.bin, args: ['--config', t.config ?? ''], env: t.env(), timeoutMs: timeout(60_000) });
    try {
      const res = await postTts(s.url, { text: SHORT_TEXT, voice_url: 'alba' });
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('Internal Server Error');
    } finally {
      await s.stop();
    }
  });

  it.runIf(doubleOnly.knobs)('a generation that crashes mid-stream still ends as a normal 200, without trailing silence', async () => {
    const t = target();
    const s = await startServer({ bin: t.bin, env: t.env({ POCKET_TTS_DOUBLE_FAIL: 'crash' }) });
    try {
      const form = new FormData();
      form.append('text', SHORT_TEXT);
      const res = await rawPost(`${s.url}/tts`, form);
      expect(res.status).toBe(200);
      expect(res.complete).toBe(true);
      expect(parseHeader(res.body).riff).toBe('RIFF');
      expect(pcmBytes(res.body).length % FRAME_BYTES).toBe(0);
      expect(pcmBytes(res.body).length).toBeGreaterThan(0);
      expect(hasSilentTail(res.body)).toBe(false);
    } finally {
      await s.stop();
    }
  });

  it.runIf(doubleOnly.knobs)('POCKET_TTS_DOUBLE_FAIL_FILE is read per request: a running server starts and stops failing', async () => {
    const t = target();
    const failFile = join(t.tmp('serve-fail'), 'fail');
    const s = await startServer({ bin: t.bin, env: t.env({ POCKET_TTS_DOUBLE_FAIL_FILE: failFile }) });
    try {
      const ok1 = Buffer.from(await (await postTts(s.url, { text: SHORT_TEXT })).arrayBuffer());
      await writeFile(failFile, 'crash');
      const bad = Buffer.from(await (await postTts(s.url, { text: SHORT_TEXT })).arrayBuffer());
      await writeFile(failFile, '');
      const ok2 = Buffer.from(await (await postTts(s.url, { text: SHORT_TEXT })).arrayBuffer());
      expect(hasSilentTail(ok1)).toBe(true);
      expect(hasSilentTail(bad)).toBe(false);
      expect(hasSilentTail(ok2)).toBe(true);
    } finally {
      await s.stop();
    }
  });

  it.runIf(doubleOnly.knobs)('/health says nothing about voice cloning: healthy without the gated weights (no-cloning)', async () => {
    const t = target();
    const s = await startServer({ bin: t.bin, env: t.env({ POCKET_TTS_DOUBLE_FAIL: 'no-cloning' }) });
    try {
      const res = await fetch(`${s.url}/health`);
      expect(await res.text()).toBe('{"status":"healthy"}');
      const ok = await postTts(s.url, { text: SHORT_TEXT, voice_url: 'alba' });
      expect(ok.status).toBe(200);
      await ok.arrayBuffer();
      const cloned = await postTts(s.url, { text: SHORT_TEXT, voice_wav: { name: 'voice.wav', data: await readFile(t.voiceWav) } });
      await cloned.arrayBuffer();
      expect(cloned.status).not.toBe(200);
    } finally {
      await s.stop();
    }
  });
});

describe('serve: concurrency, disconnects and voice costs', () => {
  // Overlap is shown by interleaving, not by wall time (the machine is shared; the timing side of this
  // fact is measured by the pool benchmark, which prints ratios).
  it.runIf(doubleOnly.knobs)('two concurrent requests overlap (both stream at once, not one after the other)', { timeout: 60_000 }, async () => {
    const t = target();
    const s = await startServer({ bin: t.bin, env: t.env({ POCKET_TTS_DOUBLE_FRAME_MS: '40' }) });
    try {
      const timed = async (): Promise<{ start: number; first: number; last: number; body: Buffer; status: number }> => {
        const start = performance.now();
        const res = await postTts(s.url, { text: SHORT_TEXT });
        const b = await readTimed(res);
        return { start, first: b.firstByteAt ?? Infinity, last: b.lastByteAt ?? Infinity, body: b.body, status: res.status };
      };
      const alone = await timed();
      const oneMs = alone.last - alone.start;
      const [a, b] = await Promise.all([timed(), timed()]);
      for (const r of [alone, a, b]) {
        expect(r.status).toBe(200);
        expect(streamViolations(r.body)).toEqual([]);
      }
      // Interleaved, not queued: each stream had started before the other one ended.
      expect(b.first).toBeLessThan(a.last);
      expect(a.first).toBeLessThan(b.last);
      expect(Math.min(a.last, b.last) - Math.max(a.first, b.first), `one alone took ${oneMs.toFixed(0)} ms`).toBeGreaterThan(0);
    } finally {
      await s.stop();
    }
  });

  // FRAME_MS is CPU time: on a shared machine the generation (and so the test) takes several times longer.
  it.runIf(doubleOnly.knobs)('/health answers while a generation is in progress', { timeout: 120_000 }, async () => {
    const t = target();
    const s = await startServer({ bin: t.bin, env: t.env({ POCKET_TTS_DOUBLE_FRAME_MS: '40' }) });
    try {
      const pending = postTts(s.url, { text: `${SHORT_TEXT} `.repeat(3) }).then(readTimed);
      await sleep(300);
      const started = performance.now();
      const health = await fetch(`${s.url}/health`);
      expect(await health.text()).toBe('{"status":"healthy"}');
      const healthAt = performance.now();
      const body = await pending;
      expect(healthAt).toBeGreaterThan(started);
      expect(healthAt).toBeLessThan(body.lastByteAt ?? 0);
    } finally {
      await s.stop();
    }
  });

  it('a client that disconnects mid-stream does not stop the generation (server CPU time keeps growing)', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const s = await startServer({ bin: t.bin, args: t.modelArgs, env: t.env({ POCKET_TTS_DOUBLE_FRAME_MS: '40' }), timeoutMs: timeout(60_000) });
    try {
      const text = `${SHORT_TEXT} `.repeat(isDouble ? 4 : 10);
      const abort = new AbortController();
      const res = await postTts(s.url, { text, ...defaultVoice }, abort.signal);
      expect(res.status).toBe(200);
      const reader = res.body?.getReader();
      await reader?.read();
      abort.abort();
      await reader?.cancel().catch(() => undefined);
      await sleep(200);
      const before = await cpuSeconds(s.pid);
      // An idle server burns ~0 s; the abandoned generation keeps about a core busy. Poll rather than time a
      // window: on a loaded machine the server gets less than a core, but it keeps accumulating CPU.
      let after = before;
      for (let waited = 0; waited < 20_000 && after - before < 0.3; waited += 250) {
        await sleep(250);
        after = await cpuSeconds(s.pid);
      }
      expect(after - before, `server CPU ${before}s → ${after}s`).toBeGreaterThanOrEqual(0.3);
    } finally {
      await s.stop();
    }
  });

  it.runIf(doubleOnly.knobs)('a .wav upload is re-encoded on every request; a .safetensors upload is fast', { timeout: 30_000 }, async () => {
    const t = target();
    const s = await startServer({ bin: t.bin, env: t.env({ POCKET_TTS_DOUBLE_ENCODE_MS: '800' }) });
    try {
      const wav = await readFile(t.voiceWav);
      const ttfb = async (fields: TtsFields): Promise<number> => {
        const started = performance.now();
        const body = await readTimed(await postTts(s.url, { text: 'Hi.', ...fields }));
        return (body.firstByteAt ?? Infinity) - started;
      };
      const wav1 = await ttfb({ voice_wav: { name: 'v.wav', data: wav } });
      const wav2 = await ttfb({ voice_wav: { name: 'v.wav', data: wav } });
      const state = await ttfb({ voice_wav: { name: 'v.safetensors', data: exportedState } });
      expect(wav1).toBeGreaterThan(600);
      expect(wav2).toBeGreaterThan(600);
      expect(state).toBeLessThan(wav1 / 2);
    } finally {
      await s.stop();
    }
  });
});

// A bind failure: uvicorn logs the errno 98 line and exits non-zero (1 before 0.54, 3 since); never a signal.
function bindFailureExit(r: { exitCode: number | undefined; signal: string | undefined }): boolean {
  return r.signal === undefined && r.exitCode !== undefined && r.exitCode !== 0;
}

// The end of a serve we stopped with SIGTERM: exit 0, death by SIGTERM (143), or the exit abort.
function stoppedCleanly(r: { exitCode: number | undefined; signal: string | undefined; stderr: string }): boolean {
  return r.exitCode === 0 || r.exitCode === 143 || r.signal === 'SIGTERM' || exitedOk(r);
}
