// Shared setup of the server-mode benchmarks: a runtime of the contract double with fixed costs, a pool
// whose internals are reachable, a bare HTTP POST to a sidecar, and CPU time from /proc.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argv } from 'zx';
import { createTts, resolveRuntime } from '../dist/src/index.js';
import { provisionDouble } from './bench-lib.mjs';
import { encodeForm, ServerEngine } from '../dist/src/engines/pool/index.js';
import { ENGINE_FACTORIES } from '../dist/src/tts/index.js';
import { CLOCK_TICKS_PER_SECOND } from '../dist/src/bench/proc-usage.js';
import { parseProcTimes, readStatSync } from '../dist/src/process/proc.js';

/**
 * Runs `fn(base)` with a runtime of the double: `--executable PATH` uses an installed double, otherwise one
 * is provisioned from the double's wheelhouse in a temp home (removed afterwards).
 */
export async function withDoubleRuntime(fn) {
  if (argv.executable !== undefined) return fn(await resolveRuntime({ executable: argv.executable }));
  const root = await mkdtemp(join(tmpdir(), 'ptr-bench-server-'));
  try {
    return await fn(await provisionDouble(root));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The runtime with the double's knobs set (LOAD_MS, FRAME_MS… without the POCKET_TTS_DOUBLE_ prefix). */
export function withKnobs(base, knobs) {
  const env = { ...base.env, POCKET_TTS_DOUBLE_SHUTDOWN_MS: '0' };
  for (const [name, value] of Object.entries(knobs)) env[`POCKET_TTS_DOUBLE_${name}`] = String(value);
  return { ...base, env };
}

/** A started server-mode tts and its pool (captured from the engine factory). */
export async function serverTts(options) {
  const original = ENGINE_FACTORIES.server;
  let pool;
  ENGINE_FACTORIES.server = async (runtime, resolved) => {
    const engine = await original(runtime, resolved);
    if (engine instanceof ServerEngine) pool = engine.pool;
    return engine;
  };
  try {
    const tts = createTts({ ...options, mode: 'server', server: { healthIntervalMs: 0, ...options.server } });
    await tts.ready();
    return { tts, pool };
  } finally {
    ENGINE_FACTORIES.server = original;
  }
}

/**
 * POST /tts to `url` with Node's http module, as a plain client would; resolves when the body ended with
 * its timings. `signal` destroys the connection; `onFirstByte` is called when the body starts.
 */
export async function barePost(url, text, { signal, onFirstByte } = {}) {
  const { body, contentType } = await encodeForm({ text });
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let firstAt = null;
    const req = request(`${url}/tts`, { method: 'POST', agent: false, headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      res.on('data', (chunk) => {
        bytes += chunk.length;
        if (firstAt === null) {
          firstAt = performance.now();
          onFirstByte?.();
        }
      });
      res.once('end', () => resolve({ status: res.statusCode, bytes, ms: performance.now() - t0, firstMs: firstAt === null ? null : firstAt - t0 }));
      res.once('error', reject);
    });
    req.once('error', reject);
    signal?.addEventListener('abort', () => req.destroy(), { once: true });
    req.end(body);
  });
}

/** CPU milliseconds used so far by process `pid` (all its threads), or null once it is gone. */
export function cpuMs(pid) {
  const times = parseProcTimes(readStatSync(pid));
  return times === null ? null : ((times.utime + times.stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Resolves with the time (ms after `from`) at which process `pid` stopped using CPU: gone, or under 10%
 * of a core over the last 100 ms.
 */
export async function coreFreeAfter(pid, from) {
  const samples = [];
  for (;;) {
    const now = performance.now();
    const cpu = cpuMs(pid);
    if (cpu === null) return now - from;
    samples.push([now, cpu]);
    const old = samples.find(([at]) => now - at <= 100);
    if (old !== undefined && now - old[0] >= 90 && (cpu - old[1]) / (now - old[0]) < 0.1) return old[0] - from;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Prints the verdict line every benchmark ends with. */
export function verdict(label, ok, detail) {
  console.log(`target: ${label} -> ${ok ? 'MET' : 'NOT MET'} (${detail})`);
}
