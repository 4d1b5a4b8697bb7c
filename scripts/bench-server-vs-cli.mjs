#!/usr/bin/env node
// Benchmark (issue 6, server mode): 20 short requests in server mode (model loaded once per worker) vs CLI
// mode (one `pocket-tts generate`, so one model load, per request); 2 at a time in both modes.
// Usage: npx tsc -p tsconfig.build.json && node scripts/bench-server-vs-cli.mjs [--requests 20] [--executable PATH]
import { argv } from 'zx';
import { createTts } from '../dist/src/index.js';
import { serverTts, withDoubleRuntime, withKnobs } from './bench-server-lib.mjs';

const requests = Number(argv.requests ?? 20);
// Fixed costs: a 1,000 ms model load, 10 ms of CPU per 80 ms frame; a short text is ~17 frames.
const text = 'A short answer here.';

async function timedBatch(tts) {
  const t0 = performance.now();
  for (let i = 0; i < requests; i += 2) await Promise.all([tts.generate({ text }), tts.generate({ text })]);
  return performance.now() - t0;
}

await withDoubleRuntime(async (base) => {
  const runtime = withKnobs(base, { LOAD_MS: 1000, FRAME_MS: 10 });
  const cli = createTts({ runtime, concurrency: 2 });
  const cliMs = await timedBatch(cli);
  await cli.close();
  const t0 = performance.now();
  const { tts } = await serverTts({ runtime, server: { workers: 2 } });
  const startMs = performance.now() - t0;
  const serverMs = await timedBatch(tts);
  await tts.close();
  console.log(`CLI mode:    ${requests} requests in ${cliMs.toFixed(0)} ms (${(cliMs / requests).toFixed(0)} ms each, 2 at a time: a model load per request)`);
  console.log(`server mode: ${requests} requests in ${serverMs.toFixed(0)} ms (${(serverMs / requests).toFixed(0)} ms each), plus ${startMs.toFixed(0)} ms to start the pool of 2 once`);
  console.log(`ratio CLI / server (requests only): ${(cliMs / serverMs).toFixed(2)}`);
  console.log(`ratio CLI / server (pool start included): ${(cliMs / (serverMs + startMs)).toFixed(2)}`);
});
