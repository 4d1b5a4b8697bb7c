#!/usr/bin/env node
// Benchmark: the full preflight() against its one Python probe run alone, in one run.
// Target: preflight <= 1.2 × probe + 100 ms (filesystem checks overlap the probe; nothing else may add up).
// Usage: npm run build && node scripts/bench-preflight.mjs [--runs N]
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $, argv } from 'zx';
import { buildDoubleWheelhouse, preflight, provision } from '../dist/src/index.js';
import { probeCommand } from '../dist/src/preflight/index.js';
import { median, percentile, printTable, timed } from './bench-lib.mjs';

$.verbose = false;
// `exec`: bash replaces itself with the probe, so the shell adds no process of its own to the timing.
const $exec = $({ prefix: 'set -euo pipefail; exec ' });
const runs = Number(argv.runs ?? 20);
const root = await mkdtemp(join(tmpdir(), 'ptr-bench-preflight-'));
try {
  const wheelhouse = (await buildDoubleWheelhouse({ out: join(root, 'wheels') })).dir;
  const home = join(root, 'home');
  const userHome = join(root, 'user');
  await mkdir(userHome);
  const runtime = await provision({ home, wheelhouse, installer: 'pip', hfHome: join(root, 'hf') });
  const env = { ...process.env, HOME: userHome };
  const options = { home, env, voicesDir: join(root, 'voices') };
  const probe = probeCommand(runtime.python, runtime, env);

  // Warm-up: the first runs pay for cold page caches, not for preflight.
  await preflight(options);
  await $exec({ env: probe.env })`${probe.file} ${probe.args}`;

  const probeWall = [];
  const probeSelf = [];
  const full = [];
  const fullProbe = [];
  let last;
  for (let i = 0; i < runs; i += 1) {
    let output;
    probeWall.push(await timed(async () => (output = await $exec({ env: probe.env })`${probe.file} ${probe.args}`)));
    probeSelf.push(JSON.parse(output.stdout.trim().split('\n').pop()).durationMs);
    full.push(await timed(async () => (last = await preflight(options))));
    fullProbe.push(last.probe.wallMs);
  }
  const probeMs = median(probeWall);
  const preflightMs = median(full);
  const budget = 1.2 * probeMs + 100;
  printTable(`preflight (contract double runtime, venv + pip, ${runs} runs, medians)`, [
    ['probe alone: process wall time', probeMs],
    ['probe alone: its own time inside Python', median(probeSelf)],
    ['preflight(): wall time', preflightMs],
    ['preflight(): p90 wall time', percentile(full, 90)],
    ['preflight(): its probe, as seen inside', median(fullProbe)],
  ]);
  console.log(`checks: ${last.summary.pass} passed, ${last.summary.warn} warning${last.summary.warn === 1 ? "" : "s"}, ${last.summary.fail} failed, ${last.summary.skip} skipped`);
  console.log(`ratio preflight/probe: ${(preflightMs / probeMs).toFixed(3)} (overhead ${(preflightMs - probeMs).toFixed(1)} ms)`);
  console.log(`target: preflight <= 1.2 × probe + 100 ms = ${budget.toFixed(1)} ms: ${preflightMs <= budget ? 'holds' : 'MISSED'}`);
  if (preflightMs > budget) process.exitCode = 1;
} finally {
  await rm(root, { recursive: true, force: true });
}
