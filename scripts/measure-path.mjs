#!/usr/bin/env node
// Measures the code path of ONE steady-state `generate()` in server mode (a pool of one warm sidecar of the
// contract double), as a maintainer walks it:
// - files: every file of the package (dist/src, dist/checks, mapped back to its .ts source) in which at least
//   one function ran during that call (V8 precise coverage with call counts, taken around the one call);
// - depth: the package's frames on the causal chain from `generate()` to the moment the request leaves for
//   the sidecar (the call of node:http's `request` for POST /tts), read from the inspector's async stack
//   trace (a debugger paused on that call; async parents followed through await, Promise.then and timers).
// Only the public API is used, so the same script measures any layout of src/.
// Usage: npm run build && node scripts/measure-path.mjs [--executable PATH] [--json]
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { argv } from 'zx';
import { createTts, resolveRuntime } from '../dist/src/index.js';
import { provisionDouble } from './bench-lib.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = join(root, 'dist');
const TEXT = 'The quick brown fox jumps over the lazy dog.';

// The package's .ts source of a script URL, or null for anything else (Node, node_modules).
function sourceOf(url) {
  if (!url.startsWith('file://')) return null;
  const file = fileURLToPath(url);
  if (!file.startsWith(`${dist}/`)) return null;
  return relative(dist, file).replace(/\.js$/, '.ts');
}

async function withRuntime(fn) {
  if (argv.executable !== undefined) return fn(await resolveRuntime({ executable: argv.executable }));
  const tmp = await mkdtemp(join(tmpdir(), 'ptr-measure-path-'));
  try {
    return await fn(await provisionDouble(tmp));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

// Files whose functions ran during `fn()`: coverage counters are reset by every take.
async function filesEntered(fn) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  await session.post('Profiler.takePreciseCoverage');
  await fn();
  const { result } = await session.post('Profiler.takePreciseCoverage');
  await session.post('Profiler.stopPreciseCoverage');
  session.disconnect();
  const files = new Set();
  for (const script of result) {
    const source = sourceOf(script.url);
    if (source !== null && script.functions.some((f) => f.ranges[0].count > 0)) files.add(source);
  }
  return [...files].sort();
}

// A worker thread debugs this (main) thread: it pauses on the first call of node:http's `request` with a
// /tts URL and reports the frames of the causal chain, then resumes.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { Session } = require('node:inspector');
const session = new Session();
session.connectToMainThread();
const post = (method, params) => new Promise((ok, ko) => session.post(method, params, (e, r) => (e ? ko(e) : ok(r))));
// Paused frames name their script by id only: the ids come with Debugger.scriptParsed.
const scripts = new Map();
session.on('Debugger.scriptParsed', ({ params }) => scripts.set(params.scriptId, params.url));
session.on('Debugger.paused', async ({ params }) => {
  const chain = [];
  const add = (frames, async) => { for (const f of frames) chain.push({ name: f.functionName, url: f.url || scripts.get(f.scriptId ?? f.location?.scriptId) || '', async }); };
  add(params.callFrames, null);
  for (let t = params.asyncStackTrace; t; t = t.parent) add(t.callFrames, t.description ?? 'async');
  const url = await post('Runtime.evaluate', { expression: 'globalThis.__measureUrl', returnByValue: true }).catch(() => null);
  await post('Debugger.resume');
  parentPort.postMessage({ chain, url: url?.result?.value ?? null });
});
parentPort.on('message', async (msg) => {
  if (msg === 'arm') {
    await post('Debugger.enable');
    await post('Debugger.setAsyncCallStackDepth', { maxDepth: 128 });
    const { result } = await post('Runtime.evaluate', { expression: 'globalThis.__measureTarget' });
    await post('Debugger.setBreakpointOnFunctionCall', { objectId: result.objectId });
    parentPort.postMessage('armed');
  }
  if (msg === 'disarm') { await post('Debugger.disable'); parentPort.postMessage('disarmed'); }
});
`;

async function causalChain(fn) {
  globalThis.__measureTarget = http.request;
  const worker = new Worker(WORKER, { eval: true });
  const next = () => new Promise((ok) => worker.once('message', ok));
  worker.postMessage('arm');
  await next();
  const paused = next();
  await fn();
  const { chain } = await paused;
  worker.postMessage('disarm');
  await next();
  await worker.terminate();
  return chain;
}

await withRuntime(async (base) => {
  const runtime = { ...base, env: { ...base.env, POCKET_TTS_DOUBLE_LOAD_MS: '20', POCKET_TTS_DOUBLE_FRAME_MS: '1', POCKET_TTS_DOUBLE_SHUTDOWN_MS: '0' } };
  const tts = createTts({ runtime, mode: 'server', server: { workers: 1, healthIntervalMs: 0, fanOutChars: 0 } });
  try {
    await tts.ready();
    for (let i = 0; i < 3; i++) await tts.generate({ text: TEXT }); // steady state: every lazy path taken once
    const files = await filesEntered(() => tts.generate({ text: TEXT }));
    const chain = await causalChain(() => tts.generate({ text: TEXT }));
    const ours = chain.map((f) => ({ ...f, source: sourceOf(f.url) })).filter((f) => f.source !== null);
    const chainFiles = [...new Set(ours.map((f) => f.source))];
    if (argv.json) {
      console.log(JSON.stringify({ files, depth: ours.length, chain: ours.map(({ name, source, async }) => ({ name, source, async })), chainFiles }, null, 2));
      return;
    }
    console.log(`files entered by one steady-state server-mode generate(): ${files.length}`);
    for (const file of files) console.log(`  ${file}`);
    console.log(`\ncall depth from generate() to the POST /tts send: ${ours.length} frames of the package, in ${chainFiles.length} files (innermost first)`);
    for (const f of ours) console.log(`  ${f.async === null ? '' : `[${f.async}] `}${f.name || '(anonymous)'}  ${f.source}`);
  } finally {
    await tts.close();
  }
});
