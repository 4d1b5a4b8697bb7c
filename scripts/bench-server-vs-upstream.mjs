#!/usr/bin/env node
// Benchmark (issue 6, server mode): the pool of 2 vs ONE upstream-style `pocket-tts serve` under the same
// concurrent load (upstream overlaps concurrent requests on one model, unsafely), then what an abort
// costs each: upstream keeps generating for a client that left; the pool stops that worker's process.
// Usage: npx tsc -p tsconfig.build.json && node scripts/bench-server-vs-upstream.mjs [--requests 24] [--clients 4] [--executable PATH]
/* global AbortController */
import { argv } from 'zx';
import { Sidecar } from '../dist/src/engines/pool/index.js';
import { silentLogger } from '../dist/src/index.js';
import { barePost, coreFreeAfter, serverTts, verdict, withDoubleRuntime, withKnobs } from './bench-server-lib.mjs';

const requests = Number(argv.requests ?? 24);
const clients = Number(argv.clients ?? 4);
// Fixed costs: 1,000 ms model load, 10 ms of CPU per 80 ms frame; a request is ~39 frames (~0.4 s).
const text = 'Each request speaks this sentence once again.';
// The aborted request: ~300 frames (~3 s of generation), aborted 300 ms after its first audio.
const longText = 'This one goes on and on, '.repeat(15).trim() + '.';

async function load(send) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < requests) {
      next += 1;
      await send();
    }
  }));
  return requests / ((performance.now() - t0) / 1000);
}

async function upstreamAbort(sidecar) {
  const controller = new AbortController();
  let started;
  const first = new Promise((resolve) => (started = resolve));
  const sent = barePost(sidecar.url, longText, { signal: controller.signal, onFirstByte: started }).catch(() => undefined);
  await first;
  await new Promise((r) => setTimeout(r, 300));
  const at = performance.now();
  controller.abort();
  await sent;
  return coreFreeAfter(sidecar.pid, at);
}

async function poolAbort(tts, pool) {
  const controller = new AbortController();
  const stream = tts.stream({ text: longText, signal: controller.signal });
  stream.on('error', () => undefined);
  await new Promise((resolve) => stream.once('data', resolve));
  stream.resume();
  await new Promise((r) => setTimeout(r, 300));
  const oldPid = pool.fleet.workers.find((w) => w.state === 'busy').pid; // the worker generating it
  const ready = new Promise((resolve) => pool.once('ready', () => resolve(performance.now())));
  const at = performance.now();
  const free = coreFreeAfter(oldPid, at);
  controller.abort();
  const gone = await new Promise((resolve) => stream.once('close', () => resolve(performance.now() - at)));
  return { free: await free, gone, ready: (await ready) - at };
}

await withDoubleRuntime(async (base) => {
  const runtime = withKnobs(base, { LOAD_MS: 1000, FRAME_MS: 10 });
  const upstream = await Sidecar.start({ runtime, host: '127.0.0.1', startTimeoutMs: 60_000, log: silentLogger });
  await barePost(upstream.url, text);
  const upstreamRate = await load(() => barePost(upstream.url, text));
  const upstreamFree = await upstreamAbort(upstream);
  await upstream.stop(5_000);

  const results = {};
  for (const spares of [0, 1]) {
    const { tts, pool } = await serverTts({ runtime, maxQueue: requests, server: { workers: 2, spares, fanOutChars: 0 } });
    while (pool.fleet.sparesReady < spares) await new Promise((r) => setTimeout(r, 20));
    await tts.generate({ text });
    const rate = spares === 0 ? await load(() => tts.generate({ text })) : null;
    results[spares] = { rate, abort: await poolAbort(tts, pool) };
    await tts.close();
  }
  const poolRate = results[0].rate;
  console.log(`\nthroughput, ${clients} concurrent clients, ${requests} requests of ~0.4 s (1,000 ms load, 10 ms/frame):`);
  console.log(`  one upstream-style server (requests overlap on one model): ${upstreamRate.toFixed(2)} requests/s`);
  console.log(`  pool of 2 (one request per worker):                       ${poolRate.toFixed(2)} requests/s`);
  console.log(`ratio pool / upstream throughput: ${(poolRate / upstreamRate).toFixed(3)}`);
  console.log(`\nabort of a ~3 s generation, 300 ms after its first audio:`);
  console.log(`  upstream: the abandoned generation keeps a core busy; core free ${upstreamFree.toFixed(0)} ms after the abort`);
  for (const spares of [0, 1]) {
    const { free, gone, ready } = results[spares].abort;
    console.log(`  pool (spares ${spares}): core free ${free.toFixed(0)} ms after the abort (caller's stream closed after ${gone.toFixed(0)} ms); worker ready again after ${ready.toFixed(0)} ms${spares === 0 ? ' (a fresh sidecar: dominated by the 1,000 ms model load, which itself takes a core meanwhile)' : ' (the warm spare swapped in; the replacement spare loads in the background)'}`);
  }
  console.log(`ratio upstream / pool time to a free core: ${(upstreamFree / results[0].abort.free).toFixed(1)}`);
  verdict('pool throughput >= 90% of one upstream server', poolRate >= 0.9 * upstreamRate, `${((100 * poolRate) / upstreamRate).toFixed(0)}%`);
  verdict('the pool frees the core clearly sooner after an abort', results[0].abort.free * 3 < upstreamFree, `${results[0].abort.free.toFixed(0)} ms vs ${upstreamFree.toFixed(0)} ms`);
});
