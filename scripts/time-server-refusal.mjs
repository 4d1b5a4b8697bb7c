#!/usr/bin/env node
// Prints how long `generate --mode server` takes to refuse a parameter no sidecar can serve (issue 16:
// 4.3 s before, when the pool started first). A print, not an assertion: node's own start-up is included.
// Usage: npm run build && node scripts/time-server-refusal.mjs
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTts } from '../dist/src/index.js';

const dir = await mkdtemp(join(tmpdir(), 'ptr-refusal-'));
const marker = join(dir, 'spawned');
const bin = join(dir, 'pocket-tts');
await writeFile(bin, `#!/bin/sh\necho "$@" >> '${marker}'\nsleep 5\n`);
await chmod(bin, 0o755);
try {
  const tts = createTts({ mode: 'server', runtime: { executable: bin } });
  let started = performance.now();
  const error = await tts.generate({ text: 'hi', eosThreshold: 50 }).catch((e) => e);
  console.log(`createTts server mode: ${error.code} in ${(performance.now() - started).toFixed(1)} ms`);
  await tts.close();
  started = performance.now();
  const cli = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
  const out = await promisify(execFile)(process.execPath, [cli, 'generate', '--mode', 'server', '--executable', bin, '--text', 'hi', '--out', '-', '--eos-threshold', '50']).catch((e) => e);
  console.log(`generate --mode server --eos-threshold 50: exit ${out.code} in ${(performance.now() - started).toFixed(0)} ms (node start-up included): ${String(out.stderr).split('\n')[0]}`);
  started = performance.now();
  await promisify(execFile)(process.execPath, [cli, '--version']);
  console.log(`baseline: pocket-tts-runtime --version in ${(performance.now() - started).toFixed(0)} ms (the CLI's start-up alone)`);
  const spawned = await readFile(marker, 'utf8').catch(() => '');
  console.log(`sidecars spawned: ${spawned === '' ? 0 : spawned.trim().split('\n').length}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
