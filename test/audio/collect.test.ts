import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectWav, parseWavHeader } from '../../src/audio/index.js';
import { pocketHeader, pocketWav, expectSameBytes } from './pocket-wav.js';

// Like a fetch body: plain Uint8Arrays, one per turn of the event loop.
async function* webChunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) {
    await new Promise((resolve) => setImmediate(resolve));
    yield new Uint8Array(bytes.subarray(at, at + size));
  }
}

describe('collectWav', () => {
  const wav = pocketWav({ frames: 5 });

  it.each([
    ['a Node Readable of one chunk', () => Readable.from([wav])],
    ['a Node Readable of 7-byte chunks', () => Readable.from(webChunks(wav, 7))],
    ['an async iterable of Uint8Arrays (fetch body)', () => webChunks(wav, 1_000)],
  ])('from %s returns the WAV with true sizes', async (_name, source) => {
    const result = await collectWav(source());
    expect(result.wav.length).toBe(wav.length);
    expect(parseWavHeader(result.wav)).toEqual({ declaredRiffSize: wav.length - 8, declaredDataSize: wav.length - 44 });
    expectSameBytes(result.wav.subarray(44), wav.subarray(44));
    expect(result.samples).toBe(5 * 1_920 + 4_800);
    expect(result.durationMs).toBe(600);
    expect(result.endsWithSilence).toBe(true);
    expect(result.firstPcmAt).not.toBeNull();
  });

  it('returns an empty WAV for a header alone', async () => {
    const result = await collectWav(Readable.from([pocketHeader()]));
    expect(result).toMatchObject({ samples: 0, durationMs: 0, endsWithSilence: false, firstPcmAt: null });
    expect(parseWavHeader(result.wav)).toEqual({ declaredRiffSize: 36, declaredDataSize: 0 });
  });

  it('rejects with INVALID_OUTPUT on garbage', async () => {
    await expect(collectWav(Readable.from([Buffer.from('Traceback (most recent call last):\n  File "x"\n')]))).rejects.toMatchObject({
      code: 'INVALID_OUTPUT',
      shortMessage: 'not a pocket-tts WAV stream: RIFF chunk id (header byte 0) is "Trac", expected "RIFF"',
    });
  });

  it('rejects with the source error when the source fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('socket hang up'));
      },
    });
    await expect(collectWav(failing)).rejects.toThrow('socket hang up');
  });
});
