import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, UNKNOWN_SIZE, WavStream, buildWavHeader, type WavStreamOptions } from '../../src/audio/index.js';
import { pocketHeader, pocketPcm, pocketWav, expectSameBytes } from './pocket-wav.js';

/** Writes `chunks` through a fresh WavStream and returns what came out, plus the stream for its counters. */
async function run(chunks: readonly Buffer[], options?: WavStreamOptions): Promise<{ out: Buffer; stream: WavStream }> {
  const stream = new WavStream(options);
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), stream, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return { out: Buffer.concat(out), stream };
}

async function failure(chunks: readonly Buffer[]): Promise<{ code: unknown; shortMessage: unknown }> {
  const error = (await run(chunks).then(
    () => null,
    (e: unknown) => e,
  )) as { code: unknown; shortMessage: unknown } | null;
  if (error === null) throw new Error('expected the stream to fail');
  return { code: error.code, shortMessage: error.shortMessage };
}

const STREAMING_HEADER = buildWavHeader({ dataBytes: null });

describe('WavStream', () => {
  const wav = pocketWav({ frames: 1 });
  const pcm = wav.subarray(HEADER_BYTES);

  it('emits a header with 0xFFFFFFFF sizes, then the PCM unchanged', async () => {
    const { out, stream } = await run([wav]);
    expect(out.readUInt32LE(4)).toBe(UNKNOWN_SIZE);
    expect(out.readUInt32LE(40)).toBe(UNKNOWN_SIZE);
    expectSameBytes(out, Buffer.concat([STREAMING_HEADER, pcm]));
    expect(stream.dataBytes).toBe(pcm.length);
    expect(stream.samples).toBe(1_920 + 4_800);
    expect(stream.endsWithSilence).toBe(true);
    expect(stream.sourceHeader).toEqual({ declaredRiffSize: 2_000_000_036, declaredDataSize: 2_000_000_000 });
  });

  it('handles a split at every byte boundary of the header and the first samples', async () => {
    for (let at = 0; at <= HEADER_BYTES + 8; at++) {
      const { out, stream } = await run([wav.subarray(0, at), wav.subarray(at)]);
      expectSameBytes(out, Buffer.concat([STREAMING_HEADER, pcm]), `split at ${at}`);
      expect(stream.dataBytes).toBe(pcm.length);
    }
  });

  it('handles every pair of split points inside the header', async () => {
    for (let a = 0; a <= HEADER_BYTES; a++) {
      for (let b = a; b <= HEADER_BYTES + 2; b++) {
        const { out } = await run([wav.subarray(0, a), wav.subarray(a, b), wav.subarray(b)]);
        expectSameBytes(out, Buffer.concat([STREAMING_HEADER, pcm]), `splits at ${a}, ${b}`);
      }
    }
  });

  it("handles pocket-tts's own 4 + 36 + 4 byte header writes, and one byte at a time", async () => {
    const header = pocketHeader();
    const writes = [header.subarray(0, 4), header.subarray(4, 40), header.subarray(40), pcm];
    expectSameBytes((await run(writes)).out, Buffer.concat([STREAMING_HEADER, pcm]));
    const bytes = [...wav.subarray(0, 100)].map((b) => Buffer.from([b]));
    expectSameBytes((await run([...bytes, wav.subarray(100)])).out, Buffer.concat([STREAMING_HEADER, pcm]));
  });

  it("with header 'none' emits only the PCM", async () => {
    expectSameBytes((await run([wav.subarray(0, 10), wav.subarray(10)], { header: 'none' })).out, pcm);
  });

  it('records when the first PCM byte arrived, not the header', () => {
    const stream = new WavStream();
    stream.resume();
    stream.write(wav.subarray(0, HEADER_BYTES));
    expect(stream.firstPcmAt).toBeNull();
    const before = performance.now();
    stream.write(wav.subarray(HEADER_BYTES, HEADER_BYTES + 2));
    expect(stream.firstPcmAt).toBeGreaterThanOrEqual(before);
    expect(stream.firstPcmAt).toBeLessThanOrEqual(performance.now());
  });

  it('tells a finished stream from one that stopped mid-way (no trailing silence)', async () => {
    const cut = await run([pocketWav({ frames: 3, silence: false })]);
    expect(cut.stream.endsWithSilence).toBe(false);
    // Silence split over many chunks still counts.
    const chunks = [pocketHeader(), pocketPcm({ frames: 1, silence: false }), ...Array.from({ length: 8 }, () => Buffer.alloc(1_200))];
    expect((await run(chunks)).stream.endsWithSilence).toBe(true);
  });

  it('accepts a header with no audio after it', async () => {
    const { out, stream } = await run([pocketHeader()]);
    expect(out).toEqual(STREAMING_HEADER);
    expect(stream.dataBytes).toBe(0);
    expect(stream.firstPcmAt).toBeNull();
  });

  it.each([0, 1, 4, 40, 43])('fails with INVALID_OUTPUT when the stream ends after %i bytes', async (n) => {
    expect(await failure(n === 0 ? [] : [wav.subarray(0, n)])).toEqual({
      code: 'INVALID_OUTPUT',
      shortMessage: `the WAV stream ended after ${n} bytes, before its 44-byte header`,
    });
  });

  it('fails with INVALID_OUTPUT on an odd data length', async () => {
    expect(await failure([wav, Buffer.from([9])])).toEqual({
      code: 'INVALID_OUTPUT',
      shortMessage: `WAV data length ${pcm.length + 1} is odd: the stream ends with half a sample`,
    });
  });

  it('fails with INVALID_OUTPUT naming the field of a bad header, even split', async () => {
    const bad = Buffer.from(wav);
    bad.writeUInt32LE(16_000, 24);
    expect(await failure([bad.subarray(0, 30), bad.subarray(30)])).toEqual({
      code: 'INVALID_OUTPUT',
      shortMessage: 'not a pocket-tts WAV stream: sample rate (header byte 24) is 16000, expected 24000',
    });
  });
});
