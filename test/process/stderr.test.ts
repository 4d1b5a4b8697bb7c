import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineRing, watchStderr, type LogLine } from '../../src/process/index.js';

describe('watchStderr', () => {
  it('feeds lines to the ring and the callback as chunks arrive, the last one on end', async () => {
    const stream = new PassThrough();
    const ring = new LineRing({ maxLines: 2 });
    const seen: LogLine[] = [];
    const done = watchStderr(stream, { ring, onLine: (line) => seen.push(line) });
    stream.write('INFO: Loa');
    stream.write(Buffer.from('ding\r\nWARNING: x\nTraceback (most'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([
      { level: 'INFO', message: 'Loading' },
      { level: 'WARNING', message: 'x' },
    ]);
    stream.end(' recent call last):');
    await done;
    expect(seen.at(-1)).toEqual({ level: null, message: 'Traceback (most recent call last):' });
    expect(ring.lines()).toEqual(['WARNING: x', 'Traceback (most recent call last):']);
  });

  it('resolves, not rejects, when the stream is destroyed with an error', async () => {
    const stream = new PassThrough();
    const ring = new LineRing();
    const done = watchStderr(stream, { ring });
    stream.write('ERROR: partial');
    stream.destroy(new Error('EPIPE'));
    await expect(done).resolves.toBeUndefined();
    expect(ring.lines()).toEqual(['ERROR: partial']);
  });
});
