#!/usr/bin/env node
// Real-engine benchmarks (issue: the real pocket-tts in CI), each measured against its baseline IN THE
// SAME RUN and printed as a ratio:
//   cli       CLI mode (`createTts()`, one process per request) vs the same raw `pocket-tts generate`
//   pool      the pool of 2 (`mode: 'server'`) vs ONE upstream `pocket-tts serve`, at 1, 2 and 4 clients:
//             throughput, first byte p50/p95
//   voices    one-load export of N voices (`exportVoices()`, the helper) vs N `pocket-tts export-voice`
//   preflight `preflight()` vs its one Python probe alone
//   rss       peak RSS per worker: a `generate` process, a `serve` sidecar under load
// Against a provisioned real runtime and a (synthetic) Hub cache; with random weights the audio is noise
// but the work is the real model's. Defaults are small; raise --runs/--requests on a quiet machine.
// Usage: npm run build && node scripts/bench-real.mjs [--home DIR] [--runtime ID] [--hf-hub-cache DIR]
//        [--only cli,pool,voices,preflight,rss] [--runs 3] [--requests 2] [--clients 1,2,4] [--voices 10]
// Without --home it uses the real tier's cache (test/real: ~/.cache/pocket-tts-runtime/real-tier).
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { argv } from 'zx';
import { createTts, exportVoices, preflight, resolveRuntime, silentLogger } from '../dist/src/index.js';
import { sineWav } from '../dist/src/audio/index.js';
import { probeCommand } from '../dist/src/preflight/index.js';
import { engineEnv } from '../dist/src/process/index.js';
import { Sidecar } from '../dist/src/engines/pool/index.js';
import { median, percentile, timed } from './bench-lib.mjs';
import { barePost, serverTts } from './bench-server-lib.mjs';

const only = new Set(String(argv.only ?? 'cli,pool,voices,preflight,rss').split(','));
const runs = Number(argv.runs ?? 3);
const requestsPerClient = Number(argv.requests ?? 2);
const clientLevels = String(argv.clients ?? '1,2,4').split(',').map(Number);
const voiceCount = Number(argv.voices ?? 10);
const TEXT = 'The quick brown fox jumps over the lazy dog, and then it runs away into the forest.';

const runtime = await realRuntime();
console.log(`real engine: pocket-tts ${runtime.versions.pocketTts}, torch ${runtime.versions.torch}, Python ${runtime.versions.python} (${runtime.id})`);
console.log(`HF_HUB_CACHE ${runtime.caches.hfHubCache}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const root = await mkdtemp(join(tmpdir(), 'ptr-bench-real-'));
const results = {};
try {
  if (only.has('cli')) results.cli = await cliVsRaw();
  if (only.has('pool')) results.pool = await poolVsUpstream();
  if (only.has('voices')) results.voices = await voicesOneLoad();
  if (only.has('preflight')) results.preflight = await preflightVsProbe();
  if (only.has('rss')) results.rss = await peakRss();
} finally {
  await rm(root, { recursive: true, force: true });
}
console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (argv.json !== undefined) await writeFile(String(argv.json), `${JSON.stringify({ runtime: { id: runtime.id, versions: runtime.versions }, results }, null, 2)}\n`);

async function realRuntime() {
  let home = argv.home;
  let id = argv.runtime;
  let hubCache = argv['hf-hub-cache'];
  if (home === undefined) {
    const last = JSON.parse(readFileSync(join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pocket-tts-runtime', 'real-tier', 'last-setup.json'), 'utf8'));
    home = last.home;
    id ??= last.runtime.id;
    hubCache ??= last.hubCache;
  }
  const found = await resolveRuntime({ home, ...(id === undefined ? {} : { runtime: id }), ...(hubCache === undefined ? {} : { hfHubCache: hubCache }) });
  if (found.versions.pocketTts.includes('double')) throw new Error('this is the contract double: bench-real measures the real pocket-tts');
  return found;
}

// 1. CLI mode vs the raw command, alternating so both meet the same machine.
async function cliVsRaw() {
  const tts = createTts({ runtime, concurrency: 1, timeoutMs: 600_000 });
  const raw = [];
  const ours = [];
  try {
    await tts.generate({ text: 'Warm the page cache.' });
    for (let i = 0; i < runs; i += 1) {
      raw.push(await timed(() => execa(runtime.pocketTts.file, [...runtime.pocketTts.args, 'generate', '--text', '-', '--output-path', '-'], { input: TEXT, env: engineEnv(runtime), extendEnv: false, encoding: 'buffer' })));
      ours.push(await timed(() => tts.generate({ text: TEXT })));
    }
  } finally {
    await tts.close();
  }
  const ratio = median(ours) / median(raw);
  section(`CLI mode vs raw \`pocket-tts generate\` (${runs} alternating runs, ${TEXT.length} characters)`, [
    ['raw pocket-tts generate, median', ms(median(raw))],
    ['createTts() CLI mode, median', ms(median(ours))],
    ['ratio ours / raw (median)', ratio.toFixed(3)],
  ]);
  return { rawMs: median(raw), oursMs: median(ours), ratio };
}

// 2. The pool of 2 vs ONE upstream serve: C clients, each sending `requestsPerClient` requests in turn.
async function poolVsUpstream() {
  const rows = [];
  const out = [];
  for (const clients of clientLevels) {
    const upstream = await Sidecar.start({ runtime, host: '127.0.0.1', startTimeoutMs: 600_000, log: silentLogger });
    let up;
    try {
      await barePost(upstream.url, 'Warm up.');
      up = await load(clients, async () => {
        const r = await barePost(upstream.url, TEXT);
        if (r.status !== 200) throw new Error(`upstream answered ${r.status}`);
        return r.firstMs;
      });
    } finally {
      await upstream.stop(10_000);
    }
    const { tts } = await serverTts({ runtime, maxQueue: 100, timeoutMs: 600_000, server: { workers: 2, spares: 0, startTimeoutMs: 600_000 } });
    let pool;
    try {
      await tts.generate({ text: 'Warm up.' });
      pool = await load(clients, async () => {
        const t0 = performance.now();
        let first = null;
        for await (const chunk of tts.stream({ text: TEXT })) if (first === null && chunk.length > 0) first = performance.now() - t0;
        return first;
      });
    } finally {
      await tts.close();
    }
    out.push({ clients, upstream: up, pool });
    rows.push(
      [`${clients} client(s): throughput upstream / pool (req/s)`, `${up.rate.toFixed(3)} / ${pool.rate.toFixed(3)}  (pool/upstream ${(pool.rate / up.rate).toFixed(2)}x)`],
      [`${clients} client(s): first byte p50 upstream / pool`, `${ms(up.p50)} / ${ms(pool.p50)}  (pool/upstream ${(pool.p50 / up.p50).toFixed(2)}x)`],
      [`${clients} client(s): first byte p95 upstream / pool`, `${ms(up.p95)} / ${ms(pool.p95)}  (pool/upstream ${(pool.p95 / up.p95).toFixed(2)}x)`],
    );
  }
  section(`pool of 2 vs ONE upstream \`pocket-tts serve\` (${requestsPerClient} requests per client, ${TEXT.length} characters each)`, rows);
  return out;
}

async function load(clients, send) {
  const firsts = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = 0; i < requestsPerClient; i += 1) firsts.push(await send());
  }));
  const seconds = (performance.now() - t0) / 1000;
  const valid = firsts.filter((f) => f !== null);
  return { requests: firsts.length, rate: firsts.length / seconds, p50: percentile(valid, 50), p95: percentile(valid, 95) };
}

// 3. One model load for N voices vs N export-voice processes.
async function voicesOneLoad() {
  const dir = join(root, 'voices');
  await mkdir(join(dir, 'audio'), { recursive: true });
  const voices = [];
  for (let i = 0; i < voiceCount; i += 1) {
    await writeFile(join(dir, 'audio', `v${i}.wav`), sineWav({ seconds: 3, hz: 150 + 20 * i }));
    voices.push({ name: `v${i}`, source: `audio/v${i}.wav`, language: 'english' });
  }
  await writeFile(join(dir, 'voices.json'), JSON.stringify({ voices }));
  let result;
  const helperMs = await timed(async () => {
    result = await exportVoices({ manifest: join(dir, 'voices.json'), runtime, out: join(dir, 'out-helper') });
  });
  if (result.method !== 'helper' || result.exported !== voiceCount) throw new Error(`the helper run went wrong: ${result.method}, ${result.exported} exported`);
  await mkdir(join(dir, 'out-cli'));
  const cliMs = await timed(async () => {
    for (let i = 0; i < voiceCount; i += 1) {
      await execa(runtime.pocketTts.file, [...runtime.pocketTts.args, 'export-voice', join(dir, 'audio', `v${i}.wav`), join(dir, 'out-cli', `v${i}.safetensors`), '--language', 'english'], { env: engineEnv(runtime), extendEnv: false });
    }
  });
  section(`${voiceCount} voices: one-load export vs ${voiceCount} x export-voice`, [
    [`exportVoices() (helper, ${result.modelLoads} model load)`, ms(helperMs)],
    [`${voiceCount} x pocket-tts export-voice`, ms(cliMs)],
    ['ratio export-voice / helper', `${(cliMs / helperMs).toFixed(2)}x`],
  ]);
  return { helperMs, cliMs, ratio: cliMs / helperMs };
}

// 4. preflight() against its probe alone.
async function preflightVsProbe() {
  const env = { ...process.env };
  const probe = probeCommand(runtime.python, runtime, env);
  const options = { runtime, env, voicesDir: join(root, 'no-voices') };
  await preflight(options);
  const probeWall = [];
  const full = [];
  for (let i = 0; i < runs; i += 1) {
    probeWall.push(await timed(() => execa(probe.file, probe.args, { env: probe.env, extendEnv: false })));
    full.push(await timed(() => preflight(options)));
  }
  section(`preflight() vs its probe alone (${runs} runs, medians)`, [
    ['probe alone', ms(median(probeWall))],
    ['preflight()', ms(median(full))],
    ['ratio preflight / probe', (median(full) / median(probeWall)).toFixed(3)],
  ]);
  return { probeMs: median(probeWall), preflightMs: median(full), ratio: median(full) / median(probeWall) };
}

// 5. Peak RSS: a generate process (its rusage, read by its parent), and each sidecar (VmHWM) after a load.
async function peakRss() {
  const script = 'import resource, subprocess, sys; subprocess.run(sys.argv[1:], input=sys.stdin.buffer.read(), stdout=subprocess.DEVNULL, check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const child = await execa(runtime.python.file, [...runtime.python.args, '-c', script, runtime.pocketTts.file, ...runtime.pocketTts.args, 'generate', '--text', '-', '--output-path', '-'], { input: TEXT, env: engineEnv(runtime), extendEnv: false });
  const generateKb = Number(child.stdout.trim().split('\n').pop());
  const { tts, pool } = await serverTts({ runtime, timeoutMs: 600_000, server: { workers: 2, spares: 0, startTimeoutMs: 600_000 } });
  let sidecars;
  try {
    await Promise.all([tts.generate({ text: TEXT }), tts.generate({ text: TEXT })]);
    sidecars = pool.fleet.workers.map((w) => ({ worker: w.name, kb: hwmKb(w.pid) }));
  } finally {
    await tts.close();
  }
  section('peak RSS per worker', [
    ['a `pocket-tts generate` process (ru_maxrss)', mib(generateKb)],
    ...sidecars.map((s) => [`${s.worker}: its \`pocket-tts serve\` (VmHWM, after a request)`, mib(s.kb)]),
  ]);
  return { generateKb, sidecars };
}

function hwmKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
}

function section(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

function ms(value) {
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

function mib(kb) {
  return `${(kb / 1024).toFixed(0)} MiB`;
}
