#!/usr/bin/env node
// Benchmark (issue 6, server mode): warm-path overhead of tts.generate() through a pool of one sidecar
// against a bare HTTP POST to the same sidecar, and how fast the first audio byte is forwarded.
// Usage: npx tsc -p tsconfig.build.json && node scripts/bench-server-overhead.mjs [--runs 60] [--executable PATH]
import { argv } from 'zx';
import { median, percentile, printTable } from './bench-lib.mjs';
import { barePost, serverTts, verdict, withDoubleRuntime, withKnobs } from './bench-server-lib.mjs';

const runs = Number(argv.runs ?? 100);
// Fixed cost: 1 ms of CPU per 80 ms frame; a 40-character text is ~35 frames (~35 ms of generation).
const text = 'The quick brown fox jumps over the dog.';

await withDoubleRuntime(async (base) => {
  const firstAudio = [];
  const logger = { debug: (obj) => obj.firstAudioAt !== undefined && firstAudio.push(obj.firstAudioAt), info() {}, warn() {}, error() {} };
  const { tts, pool } = await serverTts({ runtime: withKnobs(base, { LOAD_MS: 100, FRAME_MS: 1 }), logger, server: { workers: 1 } });
  const url = pool.fleet.workers[0].url;
  const bare = [];
  const ours = [];
  const forward = [];
  for (let i = 0; i < runs + 5; i += 1) {
    const b = await barePost(url, text);
    const t0 = performance.now();
    await tts.generate({ text });
    const t1 = performance.now();
    const stream = tts.stream({ text });
    // The reader's first PCM byte: the first chunk that takes the byte count past the 44-byte header.
    let seen = 0;
    let consumerFirst = null;
    for await (const chunk of stream) {
      seen += chunk.length;
      if (seen > 44) consumerFirst ??= performance.now();
    }
    if (i < 5) continue; // warm-up
    bare.push(b.ms);
    ours.push(t1 - t0);
    forward.push(consumerFirst - firstAudio.at(-1));
  }
  await tts.close();
  const added = ours.map((ms, i) => ms - bare[i]);
  printTable(`tts.generate() through the pool vs a bare HTTP POST to the same sidecar (${runs} runs, double: 1 ms/frame, ~35 frames)`, [
    ['bare POST, median', median(bare)],
    ['tts.generate(), median', median(ours)],
    ['added per request, median', median(added)],
    ['added per request, p95', percentile(added, 95)],
    ['first audio byte: arrival -> stream() reader, median', median(forward)],
    ['first audio byte: arrival -> stream() reader, p95', percentile(forward, 95)],
  ]);
  console.log(`ratio generate()/bare POST (median): ${(median(ours) / median(bare)).toFixed(3)}`);
  if (argv.verbose) console.log('added, sorted:', added.map((ms) => ms.toFixed(1)).sort((a, b) => a - b).join(' '));
  verdict('median added latency < 3 ms', median(added) < 3, `${median(added).toFixed(2)} ms`);
  verdict('first audio byte forwarded within 1 ms of its arrival (median)', median(forward) < 1, `${median(forward).toFixed(3)} ms`);
});
