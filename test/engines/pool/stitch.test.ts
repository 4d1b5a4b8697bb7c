import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectWav, stripTrailingSilence } from '../../../src/audio/index.js';
import { TtsError } from '../../../src/errors/index.js';
import { SilenceTrimmer, placeholderHeader, stitchParts } from '../../../src/engines/pool/index.js';
import { AudioTap } from '../../../src/engines/pool/dispatch/tap.js';
import { pocketHeader, pocketPcm, pocketWav } from '../../audio/pocket-wav.js';

// Cuts a buffer into pieces of varying sizes (1, 2, 3… bytes and bigger), like a chunked HTTP body.
function pieces(buffer: Buffer, seed = 7): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, n = 1; at < buffer.length; n = ((n * seed) % 5003) + 1) {
    out.push(buffer.subarray(at, at + n));
    at += n;
  }
  return out;
}

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('SilenceTrimmer', () => {
  it.each([
    ['speech then the 200 ms of silence', pocketPcm({ frames: 3 })],
    ['no trailing silence', pocketPcm({ frames: 3, silence: false })],
    ['more zeros than the silence', Buffer.concat([pocketPcm({ frames: 1, silence: false }), Buffer.alloc(12_000)])],
    ['fewer zeros than the silence', Buffer.concat([pocketPcm({ frames: 1, silence: false }), Buffer.alloc(500)])],
    ['zeros inside the speech', Buffer.concat([pocketPcm({ frames: 1, silence: false }), Buffer.alloc(20_000), pocketPcm({ frames: 1 })])],
  ])('equals stripTrailingSilence for %s, however it is chunked', async (_name, pcm) => {
    const trimmed = await drain(Readable.from(pieces(pcm)).pipe(new SilenceTrimmer()));
    expect(trimmed.equals(stripTrailingSilence(pcm))).toBe(true);
  });
});

describe('AudioTap', () => {
  async function through(bytes: Buffer): Promise<{ tap: AudioTap; out: Buffer }> {
    const tap = new AudioTap();
    const source = Readable.from(pieces(bytes));
    source.on('data', (chunk: Buffer) => tap.observe(chunk));
    return { tap, out: await drain(source.pipe(tap)) };
  }

  it('passes bytes through and tells a finished stream from one cut short', async () => {
    const finished = await through(pocketWav({ frames: 2 }));
    expect(finished.out.equals(pocketWav({ frames: 2 }))).toBe(true);
    expect(finished.tap.endsWithSilence).toBe(true);
    expect(finished.tap.firstPcmAt).not.toBeNull();
    expect((await through(pocketWav({ frames: 2, silence: false }))).tap.endsWithSilence).toBe(false);
    expect((await through(pocketHeader())).tap.firstPcmAt).toBeNull();
  });

  it('knows how the stream ended before a slow reader has read it', () => {
    const tap = new AudioTap();
    for (const chunk of pieces(pocketWav({ frames: 40 }))) {
      tap.observe(chunk);
      tap.write(chunk);
    }
    expect(tap.readableLength + tap.writableLength).toBeGreaterThan(0);
    expect(tap.endsWithSilence).toBe(true);
  });
});

describe('stitchParts', () => {
  const parts = [pocketPcm({ frames: 2 }), pocketPcm({ frames: 3 }), pocketPcm({ frames: 1 })];
  const expected = Buffer.concat([stripTrailingSilence(parts[0] ?? Buffer.alloc(0)), stripTrailingSilence(parts[1] ?? Buffer.alloc(0)), parts[2] ?? Buffer.alloc(0)]);

  it('writes the parts in order behind one placeholder header, dropping the silence of all but the last', async () => {
    const sources = parts.map((pcm) => ({ output: Readable.from(pieces(Buffer.concat([pocketHeader(), pcm]))), finished: Promise.resolve(null) }));
    const out = new PassThrough();
    const stitched = stitchParts(sources, out, new AbortController().signal).then((failure) => (out.end(), failure));
    const bytes = await drain(out);
    expect(await stitched).toBeNull();
    expect(bytes.subarray(0, 44).equals(placeholderHeader())).toBe(true);
    expect(bytes.subarray(44).equals(expected)).toBe(true);
    expect((await collectWav(Readable.from([bytes]))).samples).toBe(expected.length / 2);
  });

  it('keeps the order when later parts finish first, and streams part 1 before part 2 is done', async () => {
    const streams = parts.map(() => new PassThrough());
    const sources = streams.map((output) => ({ output, finished: new Promise<null>((resolve) => output.once('end', () => resolve(null))) }));
    const out = new PassThrough();
    const seen: string[] = [];
    const stitched = stitchParts(sources, out, new AbortController().signal).then((failure) => (out.end(), failure));
    const collected = drain(out.on('data', () => seen.push('out')));
    const [a, b, c] = streams;
    const [pa, pb, pc] = parts;
    if (a === undefined || b === undefined || c === undefined || pa === undefined || pb === undefined || pc === undefined) throw new Error('setup');
    c.end(Buffer.concat([pocketHeader(), pc])); // the last part is done first
    b.write(Buffer.concat([pocketHeader(), pb]));
    a.write(Buffer.concat([pocketHeader(), pa.subarray(0, 1000)]));
    await sleep(20);
    seen.push('part 1 still running');
    a.end(pa.subarray(1000));
    b.end();
    expect(await stitched).toBeNull();
    expect((await collected).subarray(44).equals(expected)).toBe(true);
    expect(seen[0]).toBe('out'); // part 1's first bytes went out while it was still generating
    expect(seen).toContain('part 1 still running');
  });

  it('stops at the first failed part: nothing after it is written', async () => {
    const failure = new TtsError('PROCESS_FAILED', 'boom');
    const sources = [
      { output: Readable.from([Buffer.concat([pocketHeader(), parts[0] ?? Buffer.alloc(0)])]), finished: Promise.resolve(null) },
      { output: Readable.from([Buffer.concat([pocketHeader(), pocketPcm({ frames: 1, silence: false })])]), finished: Promise.resolve(failure) },
      { output: Readable.from([pocketWav()]), finished: Promise.resolve(null) },
    ];
    const out = new PassThrough();
    const stitched = stitchParts(sources, out, new AbortController().signal).then((f) => (out.end(), f));
    const bytes = await drain(out);
    expect(await stitched).toBe(failure);
    expect(bytes.length).toBe(44 + stripTrailingSilence(parts[0] ?? Buffer.alloc(0)).length + pocketPcm({ frames: 1, silence: false }).length);
  });
});
