import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { WavStream } from '../../src/audio/index.js';
import { pocketHeader } from './pocket-wav.js';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
const TOTAL = 50 * MiB;

it('streams 50 MB into a slow consumer with bounded memory (backpressure end to end)', async () => {
  const wav = new WavStream();
  let produced = 0;
  let consumed = 0;
  let maxInFlight = 0;
  let maxWritable = 0;
  let maxReadable = 0;
  let peakRss = 0;
  const baseRss = process.memoryUsage().rss;
  const observe = (): void => {
    maxInFlight = Math.max(maxInFlight, produced - consumed);
    maxWritable = Math.max(maxWritable, wav.writableLength);
    maxReadable = Math.max(maxReadable, wav.readableLength);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  // A fresh buffer per chunk, as a pipe gives: any buffering of them would show in RSS.
  const producer = new Readable({
    highWaterMark: CHUNK,
    read() {
      if (produced >= TOTAL) return void this.push(null);
      const chunk = produced === 0 ? Buffer.concat([pocketHeader(), Buffer.alloc(CHUNK - 44, 1)]) : Buffer.alloc(CHUNK, 1);
      produced += chunk.length;
      observe();
      this.push(chunk);
    },
  });
  let writes = 0;
  const consumer = new Writable({
    highWaterMark: CHUNK,
    write(chunk: Buffer, _encoding, callback) {
      consumed += chunk.length;
      observe();
      // Slow: a timer turn per 4 chunks, so the producer could run far ahead if nothing held it back.
      if (++writes % 4 === 0) void sleep(1).then(() => callback());
      else setImmediate(callback);
    },
  });
  const started = performance.now();
  await pipeline(producer, wav, consumer);
  const seconds = (performance.now() - started) / 1000;

  expect(wav.dataBytes).toBe(TOTAL - 44);
  expect(consumed).toBe(TOTAL);
  // Each queue may exceed its highWaterMark by at most the chunk that crossed it.
  expect(maxWritable).toBeLessThanOrEqual(wav.writableHighWaterMark + CHUNK);
  expect(maxReadable).toBeLessThanOrEqual(wav.readableHighWaterMark + CHUNK);
  expect(maxInFlight).toBeLessThan(1 * MiB);
  expect(peakRss - baseRss).toBeLessThan(64 * MiB);
  console.info(
    `backpressure: 50 MiB in ${seconds.toFixed(2)} s; max in flight ${(maxInFlight / 1024).toFixed(0)} KiB; ` +
      `writableLength max ${maxWritable} B, readableLength max ${maxReadable} B; RSS growth ${((peakRss - baseRss) / MiB).toFixed(1)} MiB`,
  );
});
