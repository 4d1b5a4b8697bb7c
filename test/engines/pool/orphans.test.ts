// No orphans when the Node process that owns a pool is told to stop: a library user killed by SIGTERM,
// and `pocket-tts-runtime serve` stopped by SIGTERM. Both run from the built dist/ (npm test builds first).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtures } from '../../support/fixtures.js';
import { CLI, lineOf } from '../../support/cli.js';
import { tempDir } from '../../support/double-runtime.js';
import { descendantsOf, isAlive, waitUntil } from '../../support/processes.js';
import { sidecarRuntime } from './support.js';

const DIST = join(import.meta.dirname, '..', '..', '..', 'dist', 'src', 'index.js');

// A library user: starts a pool of 2, says so, then waits to be killed.
const SCRIPT = `
import { createTts } from ${JSON.stringify(DIST)};
const tts = createTts({ runtime: JSON.parse(process.env.RUNTIME_JSON), mode: 'server', server: { workers: 2, healthIntervalMs: 0 } });
await tts.ready();
process.stdout.write('ready\\n');
setInterval(() => undefined, 1_000);
`;

let started: ResultPromise | undefined;
afterEach(async () => {
  if (started?.pid !== undefined && (await isAlive(started.pid))) started.kill('SIGKILL');
  await started?.catch(() => undefined);
  expect(await descendantsOf(process.pid)).toEqual([]);
});


describe('no orphan sidecars when the owning Node process is stopped', () => {
  it('runs from the built package', () => {
    expect(existsSync(DIST), `${DIST} is missing: build first (npx tsc -p tsconfig.build.json)`).toBe(true);
  });

  it('SIGTERM of a Node process that started a pool: every sidecar dies with it', async () => {
    const dir = await tempDir('ptr-orphan-');
    const script = join(dir, 'pool.mjs');
    await writeFile(script, SCRIPT);
    const runtime = await sidecarRuntime();
    const child = execa(process.execPath, [script], { env: { RUNTIME_JSON: JSON.stringify(runtime) }, reject: false });
    started = child;
    await lineOf(child.stdout, /ready/);
    const sidecars = await descendantsOf(child.pid ?? 0);
    expect(sidecars.length).toBeGreaterThanOrEqual(2);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.signal).toBe('SIGTERM');
    await waitUntil(async () => (await Promise.all(sidecars.map(isAlive))).every((alive) => !alive), { what: 'the sidecars to die', timeoutMs: 5_000 });
  });

  it('`pocket-tts-runtime serve` serves POST /tts, and SIGTERM stops it and every worker (exit 0)', async () => {
    const runtime = await sidecarRuntime();
    const child = execa(process.execPath, [CLI, 'serve', '--executable', fixtures().doubleBin, '--workers', '2', '--port', '0'], {
      env: { ...runtime.env, CI: '1' },
      reject: false,
    });
    started = child;
    const url = (await lineOf(child.stderr, /ready on http:\/\/127\.0\.0\.1:\d+/)).replace('ready on ', '');
    const sidecars = await descendantsOf(child.pid ?? 0);
    expect(sidecars.length).toBeGreaterThanOrEqual(2);
    const form = new FormData();
    form.append('text', 'Served by the pool.');
    const res = await fetch(`${url}/tts`, { method: 'POST', body: form });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'audio/wav']);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(44);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('stopped');
    for (const pid of sidecars) expect(await isAlive(pid)).toBe(false);
  });

  it('`generate --mode server` uses a one-off pool and leaves nothing behind', async () => {
    const dir = await tempDir('ptr-gen-server-');
    const out = join(dir, 'out.wav');
    const runtime = await sidecarRuntime();
    const result = await execa(process.execPath, [CLI, 'generate', '--mode', 'server', '--executable', fixtures().doubleBin, '--text', 'One off. Two sentences.', '--out', out], {
      env: { ...runtime.env, CI: '1' },
      reject: false,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const wav = await readFile(out);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
  });
});
