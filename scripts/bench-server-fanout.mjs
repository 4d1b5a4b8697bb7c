#!/usr/bin/env node
// Benchmark (issue 6, server mode): wall time of one long text (10 sentences) with fan-out over 2 workers
// vs one worker, the double at a fixed cost per frame; also checks that both give the same audio.
// Usage: npx tsc -p tsconfig.build.json && node scripts/bench-server-fanout.mjs [--runs 3] [--executable PATH]
import { argv } from 'zx';
import { median } from './bench-lib.mjs';
import { serverTts, verdict, withDoubleRuntime, withKnobs } from './bench-server-lib.mjs';

const runs = Number(argv.runs ?? 3);
// 10 sentences of ~50 characters: ~42 frames each, 10 ms of CPU per frame (~4.2 s of generation in all).
const text = Array.from({ length: 10 }, (_, i) => `Sentence number ${i + 1} goes on for a little while.`).join(' ');

await withDoubleRuntime(async (base) => {
  const runtime = withKnobs(base, { LOAD_MS: 200, FRAME_MS: 10 });
  const wall = {};
  const wavs = {};
  for (const workers of [1, 2]) {
    const { tts } = await serverTts({ runtime, server: { workers, fanOutChars: 300 } });
    const times = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      wavs[workers] = (await tts.generate({ text })).wav;
      times.push(performance.now() - t0);
    }
    await tts.close();
    wall[workers] = median(times);
    console.log(`${workers} worker(s)${workers > 1 ? ', fanned out' : ''}: median ${wall[workers].toFixed(0)} ms over ${runs} runs (${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
  console.log(`same audio with and without fan-out: ${wavs[1].equals(wavs[2])} (${text.length} characters, ${(wavs[2].length - 44) / 48_000} s of audio)`);
  const ratio = wall[1] / wall[2];
  console.log(`ratio 1 worker / 2 workers with fan-out (wall time): ${ratio.toFixed(3)}`);
  verdict('>= 1.7x', ratio >= 1.7, `${ratio.toFixed(2)}x`);
});
