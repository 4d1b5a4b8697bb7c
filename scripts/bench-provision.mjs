#!/usr/bin/env node
// Benchmark: a no-op re-provision and resolveRuntime() against a full install, measured in one run.
// Usage: npm run build && node scripts/bench-provision.mjs [--runs N]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $, argv } from 'zx';
import { buildDoubleWheelhouse, provision, resolveRuntime } from '../dist/src/index.js';
import { isolatePip, median, printTable, timed } from './bench-lib.mjs';

$.verbose = false;
const runs = Number(argv.runs ?? 20);
const root = await mkdtemp(join(tmpdir(), 'ptr-bench-provision-'));
try {
  isolatePip();
  const wheelhouse = (await buildDoubleWheelhouse({ out: join(root, 'wheels') })).dir;
  const home = join(root, 'home');
  const options = { home, wheelhouse, installer: 'pip' };
  const full = await timed(() => provision(options));
  const noop = [];
  const resolve = [];
  const cliNoop = [];
  const pythonSpawn = [];
  for (let i = 0; i < runs; i += 1) {
    noop.push(await timed(() => provision(options)));
    resolve.push(await timed(() => resolveRuntime({ home })));
    cliNoop.push(await timed(() => $`node dist/src/cli/main.js provision --home ${home} --wheelhouse ${wheelhouse} --installer pip --json`));
    pythonSpawn.push(await timed(() => $`python3 -c pass`));
  }
  printTable('provision (contract double wheelhouse, venv + pip)', [
    ['full install (first provision)', full],
    ['no-op re-provision, API (median)', median(noop)],
    ['no-op re-provision, CLI process (median)', median(cliNoop)],
    ['resolveRuntime() (median)', median(resolve)],
    ['baseline: `python3 -c pass` (median)', median(pythonSpawn)],
  ]);
  console.log(`ratio no-op/full install:          ${(median(noop) / full).toFixed(3)}`);
  console.log(`ratio resolveRuntime/python spawn: ${(median(resolve) / median(pythonSpawn)).toFixed(3)}`);
  console.log(`target: no-op re-provision well under a second (CLI median ${median(cliNoop).toFixed(0)} ms)`);
} finally {
  await rm(root, { recursive: true, force: true });
}
