#!/usr/bin/env node
// Benchmark (issue 16): first audio and throughput under load, ONE upstream `pocket-tts serve` against the
// pool behind `pocket-tts-runtime serve`'s front, in the same run, at 1x, 2x and 4x as many concurrent
// clients as workers. Each client sends --per-client requests back to back (bare POST /tts, as any client
// would); first byte and total are measured from the send (queueing included). Prints p50/p95 of first byte,
// total, throughput, and the pool/upstream ratios, for the pool at each --per-worker k.
// Usage:
//   npm run bench:load -- --real                       the real engine: the real tier's runtime and synthetic
//                                                      cache (~/.cache/pocket-tts-runtime/real-tier, npm run test:real builds them)
//   npm run bench:load -- --executable PATH            any installed pocket-tts
//   npm run bench:load                                 the contract double (numbers are the double's)
// Options: --workers 2  --multipliers 1,2,4  --per-client 2  --per-worker 1,2  --rounds 1  --text "…"
// --rounds N runs every configuration N times per multiplier, interleaved (upstream, pool k=1, k=2, then the
// next round in a rotated order) and pools the samples: on a shared machine the load drifts, and
// interleaving spreads that drift over all configurations instead of charging it to whichever ran last.
// Each row also prints the 1-minute load average seen while it ran (on 2 cores, above ~2 means contention).
import { homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { argv } from 'zx';
import { Sidecar, createPool, resolveServerOptions } from '../dist/src/engines/pool/index.js';
import { resolveRuntime, silentLogger, startFront } from '../dist/src/index.js';
import { percentile } from './bench-lib.mjs';
import { barePost, withDoubleRuntime, withKnobs } from './bench-server-lib.mjs';

const workers = Number(argv.workers ?? 2);
const multipliers = String(argv.multipliers ?? '1,2,4').split(',').map(Number);
const perClient = Number(argv['per-client'] ?? 2);
const perWorker = String(argv['per-worker'] ?? '1,2').split(',').map(Number);
const text = String(argv.text ?? 'Hello there, this is a test of the synthetic cache.');
const rounds = Number(argv.rounds ?? 1);

// Every client sends its requests one after another; all clients start together. Raw samples: see summarize().
async function load(url, clients) {
  const results = [];
  const t0 = performance.now();
  const loads = [loadavg()[0]];
  const sampler = setInterval(() => loads.push(loadavg()[0]), 5_000);
  try {
    await Promise.all(Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i++) results.push(await barePost(url, text));
    }));
  } finally {
    clearInterval(sampler);
  }
  return { clients, results, wallS: (performance.now() - t0) / 1000, loads };
}

/** Pools the raw samples of every round of one configuration. */
function summarize(runs) {
  const results = runs.flatMap((r) => r.results);
  const wallS = runs.reduce((sum, r) => sum + r.wallS, 0);
  const loads = runs.flatMap((r) => r.loads);
  const bad = results.filter((r) => r.status !== 200 || r.firstMs === null);
  const first = results.map((r) => r.firstMs ?? Number.NaN);
  const total = results.map((r) => r.ms);
  return { clients: runs[0].clients, n: results.length, failed: bad.length, rps: results.length / wallS, wallS, load: loads.reduce((a, b) => a + b, 0) / loads.length, firstP50: percentile(first, 50), firstP95: percentile(first, 95), totalP50: percentile(total, 50), totalP95: percentile(total, 95) };
}

async function upstream(runtime, clients) {
  const sidecar = await Sidecar.start({ runtime, host: '127.0.0.1', startTimeoutMs: 600_000, log: silentLogger });
  try {
    await barePost(sidecar.url, text); // warm
    return await load(sidecar.url, clients);
  } finally {
    await sidecar.stop(5_000);
  }
}

async function pool(runtime, clients, k) {
  const server = resolveServerOptions({ workers, perWorker: k, fanOutChars: 0, healthIntervalMs: 0, startTimeoutMs: 600_000 });
  const p = createPool({ runtime, server, maxQueue: 1_000, log: silentLogger });
  await p.start();
  const front = await startFront({ pool: p, host: '127.0.0.1', port: 0, allowRemoteVoices: false, timeoutMs: 3_600_000, maxBodyBytes: 1 << 20, log: silentLogger });
  try {
    await Promise.all(Array.from({ length: workers }, () => barePost(front.url, text))); // warm every worker
    return await load(front.url, clients);
  } finally {
    await p.close({ drain: false });
    await front.close();
  }
}

const s = (ms) => (ms / 1000).toFixed(2);
function row(label, r) {
  return `  ${label.padEnd(22)} ${String(r.clients).padStart(7)} ${String(r.n).padStart(4)} ${r.rps.toFixed(4).padStart(8)} ${s(r.firstP50).padStart(9)} ${s(r.firstP95).padStart(9)} ${s(r.totalP50).padStart(9)} ${s(r.totalP95).padStart(9)} ${r.load.toFixed(1).padStart(6)}${r.failed > 0 ? `  ${r.failed} FAILED` : ''}`;
}

async function run(runtime, engine) {
  console.log(`bench:load (${engine}): ONE upstream serve vs the pool of ${workers} behind serve's front; ${perClient} request(s) per client; ${rounds} interleaved round(s); text: "${text}"`);
  console.log(`  ${'mode'.padEnd(22)} ${'clients'.padStart(7)} ${'n'.padStart(4)} ${'req/s'.padStart(8)} ${'fb p50 s'.padStart(9)} ${'fb p95 s'.padStart(9)} ${'tot p50'.padStart(9)} ${'tot p95'.padStart(9)} ${'load'.padStart(6)}`);
  const ratios = [];
  for (const m of multipliers) {
    const clients = m * workers;
    const systems = [{ label: 'ONE upstream serve', go: () => upstream(runtime, clients) }, ...perWorker.map((k) => ({ label: `pool ${workers} x perWorker ${k}`, go: () => pool(runtime, clients, k) }))];
    const runs = systems.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < systems.length; i++) {
        const at = (i + round) % systems.length;
        runs[at].push(await systems[at].go());
      }
    }
    const [up, ...ours] = runs.map(summarize);
    console.log(row(systems[0].label, up));
    ours.forEach((r, i) => {
      console.log(row(systems[i + 1].label, r));
      ratios.push(`  ${m}x (${clients} clients), perWorker ${perWorker[i]}: throughput ${(r.rps / up.rps).toFixed(2)}x upstream; first byte p50 ${(r.firstP50 / up.firstP50).toFixed(2)}x, p95 ${(r.firstP95 / up.firstP95).toFixed(2)}x upstream's (below 1: sooner)`);
    });
  }
  console.log('\nratios, pool / upstream:');
  for (const line of ratios) console.log(line);
}

if (argv.real === true) {
  const root = process.env.POCKET_TTS_REAL_CACHE ?? join(homedir(), '.cache', 'pocket-tts-runtime', 'real-tier');
  const base = await resolveRuntime({ home: join(root, 'home') });
  // The synthetic cache answers as the Hub (random weights: the audio is noise, its length is real).
  const runtime = { ...base, env: { ...base.env, HF_HUB_CACHE: join(root, 'hub'), POCKET_TTS_HUB: '1' } };
  await run(runtime, `real pocket-tts ${base.versions.pocketTts}`);
} else if (argv.executable !== undefined) {
  await run(await resolveRuntime({ executable: argv.executable }), `pocket-tts at ${argv.executable}`);
} else {
  await withDoubleRuntime((base) => run(withKnobs(base, { LOAD_MS: 500, FRAME_MS: 10 }), 'the contract double: its numbers are the double\'s'));
}
