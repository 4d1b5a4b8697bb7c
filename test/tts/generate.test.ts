import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseWavHeader } from '../../src/audio/index.js';
import { isTtsError } from '../../src/errors/index.js';
import { provision } from '../../src/runtime/index.js';
import { createTts } from '../../src/tts/index.js';
import { fixtures } from '../support/fixtures.js';
import { doubleRuntime, tempDir, writeToneWav } from '../support/double-runtime.js';
import { descendantsOf } from '../support/processes.js';

function hex32(value: number): string {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer.toString('hex');
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => new Error('expected a rejection'), (error: unknown) => error);
}

describe('generate (CLI mode, against the installed double)', () => {
  it('returns a WAV with correct RIFF and data sizes, and timings', async () => {
    const tts = createTts({ runtime: await doubleRuntime() });
    const result = await tts.generate({ text: 'Hello there. How are you?' });
    await tts.close();
    const { wav } = result;
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    expect(wav.subarray(0, 44).toString('hex')).toBe(
      `52494646${hex32(wav.length - 8)}57415645666d74201000000001000100c05d000080bb000002001000${'64617461'}${hex32(wav.length - 44)}`,
    );
    expect(() => parseWavHeader(wav.subarray(0, 44))).not.toThrow();
    expect(result).toMatchObject({ sampleRate: 24_000, channels: 1, samples: (wav.length - 44) / 2 });
    expect(result.durationMs).toBeCloseTo((result.samples / 24_000) * 1000, 6);
    expect(wav.subarray(-9600).every((b) => b === 0)).toBe(true);
    expect(result.timings.firstByteMs).toBeGreaterThan(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.firstByteMs ?? 0);
    expect(result.timings.queuedMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.spawnMs).toBeGreaterThan(0);
  });

  it('is deterministic against the double: golden checksum', async () => {
    const tts = createTts({ runtime: await doubleRuntime() });
    const request = { text: 'The quick brown fox jumps over the lazy dog.', voice: 'alba', temperature: 0.5 };
    const [a, b] = [await tts.generate(request), await tts.generate(request)];
    await tts.close();
    const sha = createHash('sha256').update(a.wav).digest('hex');
    expect(createHash('sha256').update(b.wav).digest('hex')).toBe(sha);
    expect({ sha, samples: a.samples }).toMatchSnapshot();
  });

  it('every parameter reaches its pocket-tts flag with its value', async () => {
    const dir = await tempDir();
    const trace = join(dir, 'trace.jsonl');
    const tts = createTts({ runtime: await doubleRuntime({ TRACE_FILE: trace }) });
    await tts.generate({
      text: 'Parameters.', voice: 'marius', language: 'english', temperature: 0.3, lsdDecodeSteps: 2, noiseClamp: 1.5,
      eosThreshold: -3, framesAfterEos: 2, maxTokens: 30, quantize: true,
    });
    await tts.close();
    const entry = JSON.parse((await readFile(trace, 'utf8')).trim()) as { argv: string[]; params: Record<string, unknown>; voice: unknown; text_chars: number };
    expect(entry.params).toMatchObject({
      text: '-', output_path: '-', voice: 'marius', language: 'english', temperature: 0.3, lsd_decode_steps: 2, noise_clamp: 1.5,
      eos_threshold: -3, frames_after_eos: 2, max_tokens: 30, quantize: true,
    });
    expect(entry.text_chars).toBe('Parameters.'.length);
    expect(entry.argv.join(' ')).not.toContain('Parameters.');
  });

  it('uses a WAV voice file and an exported .safetensors voice', async () => {
    const dir = await tempDir();
    const voice = await writeToneWav(join(dir, 'voice.wav'), 2);
    const exported = join(dir, 'voice.safetensors');
    await execa(fixtures().doubleBin, ['export-voice', voice, exported, '-q'], { env: { ...process.env, POCKET_TTS_DOUBLE_LOAD_MS: '0' } });
    const tts = createTts({ runtime: await doubleRuntime(), limits: { voiceRoots: [dir] } });
    const fromWav = await tts.generate({ text: 'Cloned.', voice });
    const fromState = await tts.generate({ text: 'Cloned.', voice: exported });
    await tts.close();
    expect(fromWav.samples).toBeGreaterThan(0);
    expect(fromState.wav.equals(fromWav.wav)).toBe(true);
  });

  it('stream() yields the same PCM as generate(), with a streaming header and timings at the end', async () => {
    const tts = createTts({ runtime: await doubleRuntime() });
    const request = { text: 'Streams and buffers agree.', voice: 'alba' };
    const buffered = await tts.generate(request);
    const stream = tts.stream(request);
    let timingsEvent: unknown;
    stream.on('timings', (t: unknown) => {
      timingsEvent = t;
    });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    await tts.close();
    const streamed = Buffer.concat(chunks);
    expect(streamed.readUInt32LE(4)).toBe(0xffffffff);
    expect(streamed.readUInt32LE(40)).toBe(0xffffffff);
    expect(streamed.subarray(44).equals(buffered.wav.subarray(44))).toBe(true);
    expect(stream.timings).toEqual(timingsEvent);
    expect(stream.samples).toBe(buffered.samples);
  });

  it('stream(): a slow reader holds pocket-tts back instead of buffering its output', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ MS_PER_CHAR: '20000', FRAME_MS: '0' }) });
    const stream = tts.stream({ text: 'Long audio here.' }); // ~5 minutes of audio, ~15 MB
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    stream.pause();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(first.length).toBeGreaterThan(0);
    expect(stream.readableLength).toBeLessThan(1024 * 1024);
    stream.destroy();
    await tts.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });
});

describe('failures: every error code from a real scenario', () => {
  it.each([
    ['MODEL_DOWNLOAD_FAILED', 'offline'],
    ['PROCESS_FAILED', 'crash'],
    ['INVALID_OUTPUT', 'garbage'],
  ] as const)('%s (knob FAIL=%s)', async (code, fail) => {
    const knobs = { FAIL: fail };
    const tts = createTts({ runtime: await doubleRuntime(knobs) });
    const error = await failure(tts.generate({ text: 'Some words here, enough for frames.' }));
    await tts.close();
    expect(isTtsError(error, code), String(error)).toBe(true);
    if (code !== 'INVALID_OUTPUT' && isTtsError(error)) {
      expect(error.exitCode).toBe(1);
      expect(error.stderr).toContain('Traceback');
    }
  });

  it('VOICE_CLONING_UNAVAILABLE: cloning without the gated weights', async () => {
    const dir = await tempDir();
    const voice = await writeToneWav(join(dir, 'v.wav'));
    const tts = createTts({ runtime: await doubleRuntime({ FAIL: 'no-cloning' }), limits: { voiceRoots: [dir] } });
    const error = await failure(tts.generate({ text: 'Clone me.', voice }));
    const catalog = await tts.generate({ text: 'Catalog works.', voice: 'alba' });
    await tts.close();
    expect(isTtsError(error, 'VOICE_CLONING_UNAVAILABLE')).toBe(true);
    expect(catalog.samples).toBeGreaterThan(0);
  });

  it('INVALID_VOICE: a .wav that is not a WAV (pocket-tts refuses it)', async () => {
    const dir = await tempDir();
    const voice = join(dir, 'fake.wav');
    await writeFile(voice, 'this is not audio');
    const tts = createTts({ runtime: await doubleRuntime(), limits: { voiceRoots: [dir] } });
    const error = await failure(tts.generate({ text: 'Bad voice.', voice }));
    await tts.close();
    expect(isTtsError(error, 'INVALID_VOICE')).toBe(true);
    expect(isTtsError(error) && error.shortMessage).toContain('does not start with RIFF id');
  });

  it('RUNTIME_BROKEN: PyTorch is missing from the runtime', async () => {
    const home = await tempDir();
    const runtime = await provision({ home, wheelhouse: fixtures().wheelhouse, installer: 'pip' });
    await execa(fixtures().python, ['-m', 'pip', '--python', runtime.python?.file ?? '', 'uninstall', '-y', '-q', 'torch']);
    const tts = createTts({ runtime });
    const error = await failure(tts.generate({ text: 'No torch.' }));
    await tts.close();
    expect(isTtsError(error, 'RUNTIME_BROKEN')).toBe(true);
    expect(isTtsError(error) && error.shortMessage).toBe("ModuleNotFoundError: No module named 'torch'");
  });

  it('EXECUTABLE_NOT_FOUND: the runtime points at a missing program', async () => {
    const runtime = await doubleRuntime();
    const tts = createTts({ runtime: { ...runtime, pocketTts: { file: '/nonexistent/bin/pocket-tts', args: [] } } });
    const error = await failure(tts.generate({ text: 'Anyone?' }));
    await tts.close();
    expect(isTtsError(error, 'EXECUTABLE_NOT_FOUND')).toBe(true);
  });

  it('TIMEOUT: a hung generation is killed with its whole group; nothing survives', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ FAIL: 'hang', IGNORE_SIGTERM: '1' }), graceMs: 300 });
    const error = await failure(tts.generate({ text: 'This will hang after a few frames.', timeoutMs: 800 }));
    expect(isTtsError(error, 'TIMEOUT')).toBe(true);
    expect(isTtsError(error) && error.timedOut).toBe(true);
    expect(await descendantsOf(process.pid)).toEqual([]);
    await tts.close();
  });

  it('ABORTED: the caller aborts mid-generation; nothing survives', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ FRAME_MS: '40' }) });
    const controller = new AbortController();
    const pending = tts.generate({ text: 'A long sentence that takes a while to say out loud.', signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const error = await failure(pending);
    expect(isTtsError(error, 'ABORTED')).toBe(true);
    expect(await descendantsOf(process.pid)).toEqual([]);
    await tts.close();
  });

  it('QUEUE_FULL: beyond concurrency + maxQueue, refused at once', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ FRAME_MS: '20' }), concurrency: 1, maxQueue: 1 });
    const running = tts.generate({ text: 'First in.' });
    const queued = tts.generate({ text: 'Second waits.' });
    await new Promise((r) => setTimeout(r, 50));
    const error = await failure(tts.generate({ text: 'Third is refused.' }));
    // Refused at once: while the first request still runs and the second still waits.
    expect(isTtsError(error, 'QUEUE_FULL')).toBe(true);
    expect(tts.stats()).toEqual({ queued: 1, busy: 1, idle: 0 });
    await Promise.all([running, queued]);
    await tts.close();
  });

  it('CLOSED: close() stops running and queued requests, and refuses new ones', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ FRAME_MS: '40' }), concurrency: 1 });
    const running = failure(tts.generate({ text: 'Running when closed, a long one.' }));
    const queued = failure(tts.generate({ text: 'Queued when closed.' }));
    await new Promise((r) => setTimeout(r, 300));
    await tts.close();
    expect(isTtsError(await running, 'CLOSED')).toBe(true);
    expect(isTtsError(await queued, 'CLOSED')).toBe(true);
    expect(isTtsError(await failure(tts.generate({ text: 'After.' })), 'CLOSED')).toBe(true);
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('stream(): a crash mid-stream destroys the stream with the error (no clean end)', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ FAIL: 'crash' }) });
    const stream = tts.stream({ text: 'Crash in the middle of this.' });
    const chunks: Buffer[] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    })().then(() => null, (e: unknown) => e);
    await tts.close();
    expect(isTtsError(error, 'PROCESS_FAILED')).toBe(true);
    expect(Buffer.concat(chunks).length).toBeGreaterThan(44);
  });

  it('stream(): destroying it early stops the process', async () => {
    const tts = createTts({ runtime: await doubleRuntime({ FRAME_MS: '30' }) });
    const stream = tts.stream({ text: 'I will be cut off before the end of this sentence.' });
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    await tts.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('INVALID_CONFIG: bad createTts options are refused at once', () => {
    expect(() => createTts({ concurrency: 0 })).toThrowError(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'concurrency' }) as Error);
    expect(() => createTts({ limits: { maxTextLength: -1 } })).toThrowError(/limits.maxTextLength/);
  });

  // Issue 20: an unknown or misspelled option is an error naming the key, with the option it resembles.
  it.each([
    ['a made-up top-level key', { bogus: 1 }, 'bogus', /^createTts option bogus: unknown option$/],
    ['a misspelled top-level key', { limts: {} }, 'limts', /^createTts option limts: unknown option \(did you mean "limits"\?\)$/],
    ['a misspelled key of limits', { limits: { maxTextLenght: 5 } }, 'limits.maxTextLenght', /^createTts option limits.maxTextLenght: unknown option \(did you mean "maxTextLength"\?\)$/],
    ['a misspelled key of server', { server: { wokers: 2 } }, 'server.wokers', /^createTts option server.wokers: unknown option \(did you mean "workers"\?\)$/],
    ['a misspelled key of voices', { voices: { manifset: 'voices.json' } }, 'voices.manifset', /did you mean "manifest"/],
  ])('INVALID_CONFIG for %s, with "did you mean"', (_, options, field, message) => {
    const error = (() => {
      try {
        createTts(options as never);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(isTtsError(error, 'INVALID_CONFIG'), String(error)).toBe(true);
    expect(isTtsError(error) && error.field).toBe(field);
    expect(isTtsError(error) && error.shortMessage).toMatch(message);
  });
});
