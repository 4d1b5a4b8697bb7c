import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../../src/errors/index.js';
import type { LocalFleet, Pool } from '../../../src/engines/pool/index.js';
import { createTts, type Tts } from '../../../src/tts/index.js';
import { fixtures } from '../../support/fixtures.js';
import { tempDir, writeToneWav } from '../../support/double-runtime.js';
import { descendantsOf, waitUntil } from '../../support/processes.js';
import { failure, nextEvent, recordEvents, recordingLogger, sentences, serverTts, sidecarRuntime } from './support.js';

interface TraceLine {
  command: string;
  pid: number;
  params: Record<string, unknown>;
  voice: { kind: string; value: string | null };
  text_chars: number | null;
}

async function traceOf(file: string): Promise<TraceLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TraceLine).filter((l) => l.command === 'tts');
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('a pool of 2 warm sidecars behind createTts', () => {
  let dir: string;
  let trace: string;
  let failFile: string;
  let tts: Tts;
  let pool: Pool;
  let cli: Tts;
  const log = recordingLogger();

  beforeAll(async () => {
    dir = await tempDir('ptr-pool-');
    trace = join(dir, 'trace.jsonl');
    failFile = join(dir, 'fail');
    const runtime = await sidecarRuntime({ TRACE_FILE: trace, FAIL_FILE: failFile });
    ({ tts, pool } = await serverTts({ runtime, logger: log.logger, limits: { voiceRoots: [dir] }, server: { workers: 2, fanOutChars: 200 } }));
    cli = createTts({ runtime, limits: { voiceRoots: [dir] } });
  });

  afterAll(async () => {
    await Promise.all([tts.close(), cli.close()]);
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('generate(): the same WAV as CLI mode, with correct sizes', async () => {
    const request = { text: 'The quick brown fox jumps over the lazy dog.', voice: 'alba' };
    const [served, direct] = [await tts.generate(request), await cli.generate(request)];
    expect(sha(served.wav)).toBe(sha(direct.wav));
    expect(served.wav.readUInt32LE(4)).toBe(served.wav.length - 8);
    expect(served.wav.readUInt32LE(40)).toBe(served.wav.length - 44);
    expect(served.samples).toBe((served.wav.length - 44) / 2);
    expect(served.timings.firstByteMs).toBeGreaterThan(0);
    expect(tts.mode).toBe('server');
  });

  it('stream(): the same PCM, streaming header, timings at the end', async () => {
    const request = { text: 'Streams and buffers agree.' };
    const buffered = await tts.generate(request);
    const stream = tts.stream(request);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const streamed = Buffer.concat(chunks);
    expect(streamed.readUInt32LE(40)).toBe(0xffffffff);
    expect(streamed.subarray(44).equals(buffered.wav.subarray(44))).toBe(true);
    expect(stream.timings?.totalMs).toBeGreaterThan(0);
  });

  it('sends catalog voices as voice_url and uploads .safetensors (fast) and WAV voices (warned once) by file name suffix', async () => {
    const wav = await writeToneWav(join(dir, 'me.wav'), 1);
    const exported = join(dir, 'me.safetensors');
    await execa(fixtures().doubleBin, ['export-voice', wav, exported, '-q'], { env: { ...process.env, POCKET_TTS_DOUBLE_LOAD_MS: '0' } });
    const before = (await traceOf(trace)).length;
    await tts.generate({ text: 'Catalog.', voice: 'marius' });
    const fromState = await tts.generate({ text: 'Cloned.', voice: exported });
    const fromWav = await tts.generate({ text: 'Cloned.', voice: wav });
    await tts.generate({ text: 'Cloned again.', voice: wav });
    const sent = (await traceOf(trace)).slice(before);
    expect(sent.map((l) => [l.params.voice_url, l.params.voice_wav])).toEqual([
      ['marius', null],
      [null, 'voice.safetensors'],
      [null, 'voice.wav'],
      [null, 'voice.wav'],
    ]);
    expect(fromState.wav.equals(fromWav.wav)).toBe(true);
    expect(log.lines.filter((l) => l.level === 'warn' && l.msg.includes('re-encoded'))).toHaveLength(1);
  });

  it('fan-out: a long text is split over both workers and stitched into exactly the sequential result', async () => {
    const text = sentences(8);
    const before = (await traceOf(trace)).length;
    const [served, direct] = [await tts.generate({ text }), await cli.generate({ text })];
    const parts = (await traceOf(trace)).slice(before).filter((l) => l.text_chars !== text.length);
    expect(parts.length).toBe(2);
    expect(new Set(parts.map((l) => l.pid)).size).toBe(2);
    expect(parts.reduce((sum, l) => sum + (l.text_chars ?? 0), 0)).toBe(text.length - 1); // one joining space fewer
    expect(sha(served.wav)).toBe(sha(direct.wav));
    const streamed: Buffer[] = [];
    for await (const chunk of tts.stream({ text })) streamed.push(chunk as Buffer);
    expect(Buffer.concat(streamed).subarray(44).equals(direct.wav.subarray(44))).toBe(true);
  });

  it('fan-out only over idle workers: two long texts at once get a whole worker each, never queued parts', async () => {
    const [one, two] = [sentences(8), sentences(9)];
    const before = (await traceOf(trace)).length;
    const [a, b] = await Promise.all([tts.generate({ text: one }), tts.generate({ text: two })]);
    const sent = (await traceOf(trace)).slice(before);
    expect(sent.map((l) => l.text_chars).sort()).toEqual([one.length, two.length].sort());
    expect(new Set(sent.map((l) => l.pid)).size).toBe(2);
    expect(sha(a.wav)).toBe(sha((await cli.generate({ text: one })).wav));
    // Neither waited for the other: each text went whole to its own worker (the trace above), so no part
    // of one queued behind the other. No timing is compared: the machine may be shared.
    expect(b.samples).toBeGreaterThan(0);
  });

  it('fan-out leaves an idle worker to a request still on its way (arriving), however long it takes to arrive', async () => {
    const text = sentences(8);
    const before = (await traceOf(trace)).length;
    const onItsWay = pool.arriving();
    const late = new Promise((resolve) => setTimeout(resolve, 100)).then(() => {
      onItsWay();
      return tts.generate({ text: 'Arrived late.' });
    });
    await Promise.all([tts.generate({ text }), late]);
    const sent = (await traceOf(trace)).slice(before);
    expect(sent.map((l) => l.text_chars)).toEqual([text.length, 'Arrived late.'.length]);
    expect(new Set(sent.map((l) => l.pid)).size).toBe(2);
  });

  it('a request refused on its way gives its arrival back: a lone long text still fans out afterwards', async () => {
    await failure(tts.generate({ text: 'Warm.', temperature: 1.2 }));
    await failure(tts.generate({ text: 'Missing voice.', voice: join(dir, 'nope.wav') }));
    const refused = tts.stream({ text: 'Hallo.', language: 'german' });
    await new Promise((resolve) => refused.once('error', resolve));
    const text = sentences(8);
    const before = (await traceOf(trace)).length;
    await tts.generate({ text });
    expect((await traceOf(trace)).slice(before)).toHaveLength(2);
  });

  it('spreads concurrent requests over the workers, one at a time each', async () => {
    const before = (await traceOf(trace)).length;
    await Promise.all([tts.generate({ text: 'First one.' }), tts.generate({ text: 'Second one.' })]);
    const pids = (await traceOf(trace)).slice(before).map((l) => l.pid);
    expect(new Set(pids).size).toBe(2);
    expect(tts.stats()).toEqual({ queued: 0, busy: 0, idle: 2 });
  });

  it('refuses what the sidecars cannot do per request (INVALID_INPUT naming the field), before any request is sent', async () => {
    const before = (await traceOf(trace)).length;
    const language = await failure(tts.generate({ text: 'Hallo.', language: 'german' }));
    const temperature = await failure(tts.generate({ text: 'Warm.', temperature: 1.2 }));
    expect(isTtsError(language, 'INVALID_INPUT') && language.field).toBe('language');
    expect(isTtsError(language) && language.shortMessage).toContain("pool's model (language english, quantize off)");
    expect(isTtsError(temperature, 'INVALID_INPUT') && temperature.field).toBe('temperature');
    expect((await traceOf(trace)).length).toBe(before);
  });

  it('maps a sidecar 500 to the error its traceback points to, with the stderr excerpt', async () => {
    const bad = join(dir, 'bad.wav');
    await writeFile(bad, 'not a wav at all');
    const error = await failure(tts.generate({ text: 'Bad voice.', voice: bad }));
    expect(isTtsError(error, 'INVALID_VOICE'), String(error)).toBe(true);
    expect(isTtsError(error) && error.shortMessage).toContain('does not start with RIFF id');
    expect(isTtsError(error) && error.stderr).toContain('wave.Error');
    expect(isTtsError(error) && error.details.status).toBe(500);
  });

  it('a generation that fails mid-stream (200 ending early) is PROCESS_FAILED with the traceback; the worker stays', async () => {
    const pids = pool.fleet.pids();
    await writeFile(failFile, 'crash');
    try {
      const error = await failure(tts.generate({ text: 'This one breaks after a few frames, sadly.' }));
      expect(isTtsError(error, 'PROCESS_FAILED'), String(error)).toBe(true);
      expect(isTtsError(error) && error.shortMessage).toContain('simulated crash mid-stream');
      expect(isTtsError(error) && error.stderr).toContain('write_to_queue');
    } finally {
      await rm(failFile, { force: true });
    }
    expect(pool.fleet.pids()).toEqual(pids);
    expect((await tts.generate({ text: 'Fine again.' })).samples).toBeGreaterThan(0);
  });
});

describe('a pool of 1 with slow frames: abort, disconnect, timeout, queue', () => {
  let dir: string;
  let tts: Tts;
  let pool: Pool;
  let events: ReturnType<typeof recordEvents>;
  const long = 'A long sentence that takes a good while to say out loud, one frame after another.';

  beforeAll(async () => {
    dir = await tempDir('ptr-pool1-');
    const runtime = await sidecarRuntime({ FRAME_MS: '30', FAIL_FILE: join(dir, 'fail') });
    ({ tts, pool } = await serverTts({ runtime, maxQueue: 1, server: { workers: 1 } }));
    events = recordEvents(pool);
  });

  afterAll(async () => {
    await tts.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('abort frees the worker: its sidecar is gone when the call rejects, a fresh one serves the next request', async () => {
    const [old] = pool.fleet.pids();
    const controller = new AbortController();
    const stream = tts.stream({ text: long, signal: controller.signal });
    await new Promise((resolve) => stream.once('data', resolve));
    controller.abort();
    const error = await new Promise((resolve) => stream.once('error', resolve));
    expect(isTtsError(error, 'ABORTED')).toBe(true);
    expect(await descendantsOf(process.pid)).not.toContain(old);
    const next = await tts.generate({ text: 'Next.' });
    expect(next.samples).toBeGreaterThan(0);
    expect(pool.fleet.pids()).not.toContain(old);
    expect(events.filter((e) => e.name === 'recycle').map((e) => e.data.pid)).toContain(old);
  });

  it('a consumer that destroys the stream (a disconnecting client) stops the generation the same way', async () => {
    const [old] = pool.fleet.pids();
    const stream = tts.stream({ text: long });
    await new Promise((resolve) => stream.once('data', resolve));
    const recycled = new Promise((resolve) => pool.once('ready', resolve));
    stream.destroy();
    await recycled;
    expect(pool.fleet.pids()).not.toContain(old);
    expect(await descendantsOf(process.pid)).not.toContain(old);
  });

  it('TIMEOUT on a hung generation recycles the worker', async () => {
    await writeFile(join(dir, 'fail'), 'hang');
    const [old] = pool.fleet.pids();
    try {
      const error = await failure(tts.generate({ text: long, timeoutMs: 1_500 }));
      expect(isTtsError(error, 'TIMEOUT')).toBe(true);
    } finally {
      await rm(join(dir, 'fail'), { force: true });
    }
    expect(await descendantsOf(process.pid)).not.toContain(old);
    expect((await tts.generate({ text: 'Alive.' })).samples).toBeGreaterThan(0);
  });

  it('queues beyond the workers, refuses beyond maxQueue at once, and serves the queue in order', async () => {
    const running = tts.generate({ text: long });
    await waitUntil(() => tts.stats().busy === 1, { what: 'the first request to run' });
    const queued = tts.generate({ text: 'Queued.' });
    await waitUntil(() => tts.stats().queued === 1, { what: 'the second request to queue' });
    expect(tts.stats()).toEqual({ queued: 1, busy: 1, idle: 0 });
    const refused = await failure(tts.generate({ text: 'Refused.' }));
    expect(isTtsError(refused, 'QUEUE_FULL')).toBe(true);
    const results = await Promise.all([running, queued]);
    expect(results.every((r) => r.samples > 0)).toBe(true);
  });
});

describe('a warm spare', () => {
  it('replaces an aborted worker at once, and is replenished in the background', async () => {
    const { tts, pool } = await serverTts({ runtime: await sidecarRuntime({ FRAME_MS: '30' }), server: { workers: 1, spares: 1 } });
    try {
      const fleet = pool.fleet as LocalFleet;
      await waitUntil(() => fleet.sparesReady === 1, { what: 'the spare' });
      const [worker] = pool.fleet.pids();
      const [spare] = (await descendantsOf(process.pid)).filter((pid) => pid !== worker);
      const controller = new AbortController();
      const pending = tts.generate({ text: 'Long enough to be aborted while it is still speaking, frame by frame.', signal: controller.signal });
      await waitUntil(() => tts.stats().busy === 1, { what: 'the request to run' });
      const swapped = nextEvent(pool, 'ready');
      controller.abort();
      expect(isTtsError(await failure(pending), 'ABORTED')).toBe(true);
      expect((await swapped).pid).toBe(spare);
      expect(pool.fleet.pids()).toEqual([spare]);
      await waitUntil(() => fleet.sparesReady === 1, { what: 'a new spare' });
      expect(await descendantsOf(process.pid)).not.toContain(worker);
    } finally {
      await tts.close();
    }
    expect(await descendantsOf(process.pid)).toEqual([]);
  });
});
