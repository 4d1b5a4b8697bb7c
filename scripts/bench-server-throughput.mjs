#!/usr/bin/env node
// Benchmark (issue 6, server mode): requests per second with 2 workers vs 1 on this machine, the same
// concurrent load (every request submitted at once), the double at a fixed cost per frame.
// Usage: npx tsc -p tsconfig.build.json && node scripts/bench-server-throughput.mjs [--requests 16] [--executable PATH]
import { argv } from 'zx';
import { serverTts, verdict, withDoubleRuntime, withKnobs } from './bench-server-lib.mjs';

const requests = Number(argv.requests ?? 16);
// Fixed cost: 10 ms of CPU per 80 ms frame; a 45-character text is ~39 frames (~0.4 s of generation).
const text = 'Each request speaks this sentence once again.';

await withDoubleRuntime(async (base) => {
  const runtime = withKnobs(base, { LOAD_MS: 200, FRAME_MS: 10 });
  const rate = {};
  for (const workers of [1, 2]) {
    const { tts } = await serverTts({ runtime, maxQueue: requests, server: { workers, fanOutChars: 0 } });
    await tts.generate({ text }); // warm-up
    const t0 = performance.now();
    await Promise.all(Array.from({ length: requests }, () => tts.generate({ text })));
    const seconds = (performance.now() - t0) / 1000;
    await tts.close();
    rate[workers] = requests / seconds;
    console.log(`${workers} worker(s): ${requests} requests in ${seconds.toFixed(2)} s = ${rate[workers].toFixed(2)} requests/s`);
  }
  const ratio = rate[2] / rate[1];
  console.log(`ratio 2 workers / 1 worker: ${ratio.toFixed(3)}`);
  verdict('>= 1.8x', ratio >= 1.8, `${ratio.toFixed(2)}x`);
});
