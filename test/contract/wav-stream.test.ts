// Contract: "WAV stream format" — header, framing, trailing silence, how the bytes arrive on a pipe,
// and (double) how the samples depend on text, voice and parameters.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResult, exitedOk } from './support/run.js';
import { record } from './support/stream.js';
import { kill, killAll } from './support/processes.js';
import {
  FRAME_BYTES, HEADER_BYTES, PLACEHOLDER_DATA_SIZE, PLACEHOLDER_RIFF_SIZE, TAIL_BYTES, audioMs, hasSilentTail, parseHeader,
  pcmBytes, pcmWithoutTail, rms, samples, streamViolations, type WavHeader,
} from './support/wav.js';
import { SHORT_TEXT, doubleOnly, target, timeout } from './target.js';

afterAll(killAll);

describe('WAV stream: header and framing', () => {
  let stream: Buffer = Buffer.alloc(0);
  beforeAll(async () => {
    const r = await target().generate([]);
    expect(exitedOk(r), describeResult(r)).toBe(true);
    stream = r.stdout;
  }, timeout(60_000));

  const fields: [keyof WavHeader, string | number][] = [
    ['riff', 'RIFF'],
    ['riffSize', PLACEHOLDER_RIFF_SIZE],
    ['wave', 'WAVE'],
    ['fmt', 'fmt '],
    ['fmtSize', 16],
    ['audioFormat', 1],
    ['channels', 1],
    ['sampleRate', 24000],
    ['byteRate', 48000],
    ['blockAlign', 2],
    ['bitsPerSample', 16],
    ['data', 'data'],
    ['dataSize', PLACEHOLDER_DATA_SIZE],
  ];
  it.each(fields)('header field %s = %s', (field, value) => {
    expect(parseHeader(stream)[field]).toBe(value);
  });

  it('data length = total − 44 and a multiple of 2', () => {
    const data = pcmBytes(stream).length;
    expect(data).toBe(stream.length - HEADER_BYTES);
    expect(data % 2).toBe(0);
    expect(data).toBeGreaterThan(TAIL_BYTES);
  });

  it('audio comes in 80 ms frames of 1,920 samples (data − 9,600-byte tail is a multiple of 3,840 bytes)', () => {
    const audio = pcmBytes(stream).length - TAIL_BYTES;
    expect(audio % FRAME_BYTES).toBe(0);
    expect(audio / FRAME_BYTES).toBeGreaterThanOrEqual(1);
  });

  it('a successful stream ends with 200 ms of silence (4,800 zero samples)', () => {
    expect(hasSilentTail(stream)).toBe(true);
  });

  it('the audio before the silent tail is not silent', () => {
    const s = samples(stream);
    const audio = s.subarray(0, s.length - TAIL_BYTES / 2);
    expect(rms(audio)).toBeGreaterThan(10);
    // The frame right before the tail is part of the audio, not of the tail.
    expect(rms(audio.subarray(0, FRAME_BYTES / 2))).toBeGreaterThan(0);
  });
});

describe.runIf(doubleOnly.knobs).concurrent('WAV stream: how bytes arrive on a pipe (double, slow frames)', () => {
  const FRAME_MS = 150;

  it('with PYTHONUNBUFFERED=1 the header comes in the same burst as the first frame, not before it', { timeout: 30_000 }, async () => {
    const t = target();
    const rec = record(t.bin, ['generate', '--text', '-', '--output-path', '-'], {
      env: t.env({ PYTHONUNBUFFERED: '1', POCKET_TTS_DOUBLE_FRAME_MS: String(FRAME_MS) }),
      input: 'Hi.',
    });
    const exit = await rec.exited;
    expect(exitedOk(exit), rec.stderr()).toBe(true);
    expect(streamViolations(rec.stdout())).toEqual([]);
    const header = rec.arrivalOf(0);
    const headerEnd = rec.arrivalOf(HEADER_BYTES - 1);
    const frame1End = rec.arrivalOf(HEADER_BYTES + FRAME_BYTES - 1);
    const frame2End = rec.arrivalOf(HEADER_BYTES + 2 * FRAME_BYTES - 1);
    expect(header).toBeDefined();
    expect(frame1End).toBeDefined();
    expect(frame2End).toBeDefined();
    const chunkLog = rec.chunks.map((c) => `${c.bytes.length}B@${c.at.toFixed(0)}ms`).join(' ');
    // Header bytes and the first frame arrive together (no frame-time gap between them)…
    expect((headerEnd ?? 0) - (header ?? 0), chunkLog).toBeLessThan(FRAME_MS / 2);
    expect((frame1End ?? 0) - (header ?? 0), chunkLog).toBeLessThan(FRAME_MS / 2);
    // …while the next frame comes a frame-time later (the stream is not written at the end in one go).
    expect((frame2End ?? 0) - (frame1End ?? 0), chunkLog).toBeGreaterThan(FRAME_MS / 2);
  });

  it('FIRST_CHUNK_LENGTH_SECONDS buffers that much audio before the first write', { timeout: 30_000 }, async () => {
    const t = target();
    const rec = record(t.bin, ['generate', '--text', '-', '--output-path', '-'], {
      env: t.env({ PYTHONUNBUFFERED: '1', POCKET_TTS_DOUBLE_FRAME_MS: '100', FIRST_CHUNK_LENGTH_SECONDS: '0.4' }),
      input: 'Hi there.',
    });
    const exit = await rec.exited;
    expect(exitedOk(exit), rec.stderr()).toBe(true);
    expect(streamViolations(rec.stdout())).toEqual([]);
    const chunkLog = rec.chunks.map((c) => `${c.bytes.length}B@${c.at.toFixed(0)}ms`).join(' ');
    // 0.4 s = 9,600 samples = 5 frames: header and five frames arrive together, the sixth a frame-time later.
    const first = rec.arrivalOf(0) ?? 0;
    expect((rec.arrivalOf(HEADER_BYTES + 5 * FRAME_BYTES - 1) ?? Infinity) - first, chunkLog).toBeLessThan(50);
    expect((rec.arrivalOf(HEADER_BYTES + 6 * FRAME_BYTES - 1) ?? 0) - first, chunkLog).toBeGreaterThan(50);
  });

  it('without PYTHONUNBUFFERED stdout is block-buffered: the first frame stays in the buffer while the process lives', { timeout: 30_000 }, async () => {
    // FAIL=hang after one frame: the process writes the header and one frame, then blocks forever. With
    // PYTHONUNBUFFERED=1 those 3,884 bytes reach the pipe; block-buffered (CPython's BufferedWriter holds
    // up to its buffer size) they stay in the child until more audio follows or the process ends.
    const t = target();
    const env = { POCKET_TTS_DOUBLE_FAIL: 'hang', POCKET_TTS_DOUBLE_FAIL_AFTER_FRAMES: '1' };
    const buffered = record(t.bin, ['generate', '--text', '-', '--output-path', '-'], { env: t.env(env), input: SHORT_TEXT });
    const unbuffered = record(t.bin, ['generate', '--text', '-', '--output-path', '-'], { env: t.env({ ...env, PYTHONUNBUFFERED: '1' }), input: SHORT_TEXT });
    try {
      await unbuffered.waitForBytes(HEADER_BYTES + FRAME_BYTES, 20_000);
      // The buffered child got at least as far (same work); give its pipe a moment anyway.
      await sleep(1000);
      expect(buffered.running()).toBe(true);
      expect(unbuffered.stdout().length).toBe(HEADER_BYTES + FRAME_BYTES);
      expect(buffered.stdout().length).toBe(0);
    } finally {
      await Promise.all([kill(buffered.child), kill(unbuffered.child)]);
    }
  });
});

describe.runIf(doubleOnly.determinism).concurrent('WAV stream: samples are a function of text, voice and parameters (double)', () => {
  it('the same text, voice and parameters twice give identical bytes', async () => {
    const t = target();
    const [a, b] = await Promise.all([t.generate(['--temperature', '0.6']), t.generate(['--temperature', '0.6'])]);
    expect(exitedOk(a)).toBe(true);
    expect(a.stdout.equals(b.stdout)).toBe(true);
  });

  it('a different temperature gives different samples', async () => {
    const t = target();
    const [a, b] = await Promise.all([t.generate(['--temperature', '0.7']), t.generate(['--temperature', '0.3'])]);
    expect(exitedOk(a)).toBe(true);
    expect(exitedOk(b)).toBe(true);
    expect(pcmBytes(a.stdout).equals(pcmBytes(b.stdout))).toBe(false);
  });

  it('a different POCKET_TTS_DOUBLE_SEED gives different samples', async () => {
    const t = target();
    const [a, b] = await Promise.all([
      t.generate([], { env: { POCKET_TTS_DOUBLE_SEED: '1' } }),
      t.generate([], { env: { POCKET_TTS_DOUBLE_SEED: '2' } }),
    ]);
    expect(exitedOk(a)).toBe(true);
    expect(pcmBytes(a.stdout).equals(pcmBytes(b.stdout))).toBe(false);
  });

  it('a different voice gives different samples', async () => {
    const t = target();
    const [a, b] = await Promise.all([t.generate([], { voice: ['--voice', 'alba'] }), t.generate([], { voice: ['--voice', 'marius'] })]);
    expect(exitedOk(a)).toBe(true);
    expect(pcmBytes(a.stdout).equals(pcmBytes(b.stdout))).toBe(false);
  });

  it('audio lasts about 65 ms per character of text', async () => {
    const text = `${'Speech takes time to say out loud, '.repeat(3).slice(0, 99)}.`;
    expect(text.length).toBe(100);
    const r = await target().generate([], { text });
    expect(exitedOk(r)).toBe(true);
    const ms = audioMs(r.stdout);
    expect(ms).toBeGreaterThan(0.85 * 6500);
    expect(ms).toBeLessThan(1.3 * 6500);
  });

  it('POCKET_TTS_DOUBLE_MS_PER_CHAR scales the duration', async () => {
    const t = target();
    const text = 'A sentence of a reasonable length for the duration test.';
    const [a, b] = await Promise.all([
      t.generate([], { text, env: { POCKET_TTS_DOUBLE_MS_PER_CHAR: '65' } }),
      t.generate([], { text, env: { POCKET_TTS_DOUBLE_MS_PER_CHAR: '130' } }),
    ]);
    const ratio = audioMs(b.stdout) / audioMs(a.stdout);
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.1);
  });

  it('splitting a text at a sentence boundary and concatenating both parts (without their tails) equals the whole', async () => {
    const t = target();
    const one = 'The first sentence is right here.';
    const two = 'And then the second one follows!';
    const [whole, a, b] = await Promise.all([
      t.generate([], { text: `${one} ${two}` }),
      t.generate([], { text: one }),
      t.generate([], { text: two }),
    ]);
    for (const r of [whole, a, b]) expect(exitedOk(r), describeResult(r)).toBe(true);
    const joined = Buffer.concat([pcmWithoutTail(a.stdout), pcmWithoutTail(b.stdout)]);
    expect(pcmWithoutTail(whole.stdout).length).toBe(joined.length);
    expect(pcmWithoutTail(whole.stdout).equals(joined)).toBe(true);
  });

  it('--max-tokens splits a long sentence into more chunks (different audio)', async () => {
    const t = target();
    const text = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const [coarse, fine] = await Promise.all([t.generate(['--max-tokens', '50'], { text }), t.generate(['--max-tokens', '5'], { text })]);
    expect(exitedOk(coarse)).toBe(true);
    expect(exitedOk(fine)).toBe(true);
    expect(pcmBytes(coarse.stdout).equals(pcmBytes(fine.stdout))).toBe(false);
  });

  it('a higher --eos-threshold keeps generating longer', async () => {
    const t = target();
    const [low, high] = await Promise.all([t.generate(['--eos-threshold', '-4']), t.generate(['--eos-threshold', '0'])]);
    expect(audioMs(high.stdout)).toBeGreaterThan(audioMs(low.stdout));
  });

  it('--frames-after-eos N adds N frames of 80 ms', async () => {
    const t = target();
    const [zero, five] = await Promise.all([t.generate(['--frames-after-eos', '0']), t.generate(['--frames-after-eos', '5'])]);
    expect(exitedOk(zero)).toBe(true);
    expect(five.stdout.length - zero.stdout.length).toBe(5 * FRAME_BYTES);
    expect(audioMs(five.stdout) - audioMs(zero.stdout)).toBeCloseTo(400, 5);
  });
});

describe('WAV stream: duration grows with text', () => {
  it('a longer text gives longer audio', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const [short, long] = await Promise.all([
      t.generate([], { text: 'Hi.' }),
      t.generate([], { text: `${SHORT_TEXT} ${SHORT_TEXT} It keeps going for a good while longer than the first one.` }),
    ]);
    expect(exitedOk(short), describeResult(short)).toBe(true);
    expect(exitedOk(long), describeResult(long)).toBe(true);
    expect(audioMs(long.stdout)).toBeGreaterThan(audioMs(short.stdout) * 2);
  });
});
