#!/usr/bin/env node
// Benchmark (issue: runner API, CLI mode), against the contract double with a fixed generation time:
//  1. the overhead generate() adds over running the same `pocket-tts generate` command directly;
//  2. RSS growth of stream() while a slow reader consumes a 60-minute output (~170 MB of WAV),
//     next to generate() buffering the same output (the unbounded baseline).
// Usage: npm run build && node scripts/bench-runner.mjs [--runs 30] [--minutes 60]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execa } from 'execa';
import { argv } from 'zx';
import { createTts } from '../dist/src/index.js';
import { engineEnv } from '../dist/src/process/index.js';
import { median, percentile, printTable, provisionDouble } from './bench-lib.mjs';

const runs = Number(argv.runs ?? 30);
const minutes = Number(argv.minutes ?? 60);
const root = await mkdtemp(join(tmpdir(), 'ptr-bench-runner-'));
try {
  const base = await provisionDouble(root);
  await overhead(base);
  await streamMemory(base);
} finally {
  await rm(root, { recursive: true, force: true });
}

async function overhead(base) {
  // Fixed cost: 100 ms model load + 10 ms per 80 ms frame, a 60-character text (~50 frames).
  const runtime = { ...base, env: { ...base.env, POCKET_TTS_DOUBLE_LOAD_MS: '100', POCKET_TTS_DOUBLE_FRAME_MS: '10' } };
  const text = 'The quick brown fox jumps over the lazy dog, twice over now.';
  const tts = createTts({ runtime, concurrency: 1 });
  const args = ['generate', '--text', '-', '--output-path', '-'];
  const direct = [];
  const ours = [];
  for (let i = 0; i < runs + 3; i += 1) {
    const t0 = performance.now();
    await execa(runtime.pocketTts.file, args, { input: text, env: engineEnv(runtime), extendEnv: false, encoding: 'buffer' });
    const t1 = performance.now();
    await tts.generate({ text });
    const t2 = performance.now();
    if (i >= 3) {
      direct.push(t1 - t0);
      ours.push(t2 - t1);
    }
  }
  await tts.close();
  const added = ours.map((ms, i) => ms - direct[i]);
  printTable(`generate() vs the same pocket-tts command run directly (${runs} runs, double: 100 ms load, 10 ms/frame)`, [
    ['direct execa, median', median(direct)],
    ['tts.generate(), median', median(ours)],
    ['added per request, median', median(added)],
    ['added per request, p95', percentile(added, 95)],
  ]);
  console.log(`ratio generate()/direct (median): ${(median(ours) / median(direct)).toFixed(3)}`);
  console.log(`target: median added latency < 15 ms -> ${median(added) < 15 ? 'MET' : 'NOT MET'} (${median(added).toFixed(1)} ms)`);
}

async function streamMemory(base) {
  // MS_PER_CHAR makes a 100-character text last `minutes` minutes; FRAME_MS 0: the reader is the bottleneck.
  const text = 'x'.repeat(99) + '.';
  const runtime = { ...base, env: { ...base.env, POCKET_TTS_DOUBLE_LOAD_MS: '0', POCKET_TTS_DOUBLE_FRAME_MS: '0', POCKET_TTS_DOUBLE_MS_PER_CHAR: String((minutes * 60_000) / 100) } };
  const tts = createTts({ runtime, concurrency: 1, timeoutMs: 3_600_000 });
  const streamed = await measureRss(async () => {
    let bytes = 0;
    // A slow reader: 16 KiB per timer tick.
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk, _encoding, callback) {
        bytes += chunk.length;
        setTimeout(callback, 1);
      },
    });
    await pipeline(tts.stream({ text }), slow);
    return bytes;
  });
  const buffered = await measureRss(async () => (await tts.generate({ text })).wav.length);
  await tts.close();
  console.log(`\nstream() with a slow reader vs generate() buffering, ${minutes} minutes of audio`);
  console.log(`  stream():   ${(streamed.result / 1e6).toFixed(1)} MB delivered in ${(streamed.ms / 1000).toFixed(1)} s, RSS growth ${streamed.growthMb.toFixed(1)} MB (peak ${streamed.peakMb.toFixed(1)} MB)`);
  console.log(`  generate(): ${(buffered.result / 1e6).toFixed(1)} MB returned in ${(buffered.ms / 1000).toFixed(1)} s, RSS growth ${buffered.growthMb.toFixed(1)} MB (peak ${buffered.peakMb.toFixed(1)} MB)`);
  console.log(`ratio stream/generate RSS growth: ${(streamed.growthMb / buffered.growthMb).toFixed(3)}`);
  console.log(`target: stream() RSS growth < 32 MB -> ${streamed.growthMb < 32 ? 'MET' : 'NOT MET'}`);
}

async function measureRss(fn) {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, ms, growthMb: (peak - before) / 1048576, peakMb: peak / 1048576 };
}
