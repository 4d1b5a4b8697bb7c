// The toolkit end to end against the real pocket-tts on the synthetic cache, through the CLI as a user
// runs it: setup, preflight (online and --offline), generate (CLI and server mode), voices export (the
// one-model-load helper), serve --workers 2 under concurrent /tts and a SIGTERM, and a small bench.
// The audio is noise (random weights); every WAV's header and sizes are checked all the same.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { sineWav } from '../../src/audio/index.js';
import { CLI } from '../support/cli.js';
import { descendantsOf, isAlive } from '../support/processes.js';
import { real } from './fixtures.js';
import { checkWav } from './wav.js';

const TEXT = 'Hello from the real tier. This sentence is spoken by the real program.';

let project: string;
let common: string[];

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'ptr-real-toolkit-'));
  const r = real();
  common = ['--home', r.home, '--hf-hub-cache', r.hubCache];
  await mkdir(join(project, 'audio'));
  for (const [name, hz] of [['narrator', 180], ['second', 260]] as const) await writeFile(join(project, 'audio', `${name}.wav`), sineWav({ seconds: 3, hz }));
  await writeFile(join(project, 'voices.json'), JSON.stringify({ voices: [{ name: 'narrator', source: 'audio/narrator.wav' }, { name: 'second', source: 'audio/second.wav' }, { name: 'cat', source: 'marius' }] }, null, 2));
});

async function cli(args: string[]): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const r = await execa(process.execPath, [CLI, ...args], { cwd: project, reject: false, stdin: 'ignore', timeout: 600_000, env: { CI: '1', NO_COLOR: '1' } });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

describe('setup', () => {
  it('provisions (reusing the tier runtime), exports the voices with one model load, preflights and speaks; a second run reuses it all', async () => {
    const r = real();
    const config = {
      home: r.home,
      hfHubCache: r.hubCache,
      // The tier's release (the default pin only when the tier runs it): setup must reuse the tier's runtime.
      runtime: { installer: 'pip', pocketTts: r.version, torchVersion: r.torchVersion, ...(r.torchFindLinks === null ? {} : { torchFindLinks: r.torchFindLinks }) },
      voices: { manifest: 'voices.json' },
    };
    await writeFile(join(project, 'pocket-tts-runtime.config.json'), JSON.stringify(config, null, 2));
    const first = await cli(['setup', '--json']);
    expect(first.exitCode, first.stderr + first.stdout).toBe(0);
    const report = json<{ ok: boolean; synthetic: boolean; runtime: { id: string; reused: boolean; versions: { pocketTts: string; torch: string } }; voices: { exported: number; method: string }; preflight: { exitCode: number }; smoke: { file: string } }>(first.stdout);
    expect(report).toMatchObject({ ok: true, synthetic: true, runtime: { id: r.runtime.id, reused: true, versions: { pocketTts: r.version, torch: r.torchVersion } }, voices: { exported: 3, method: 'helper' }, preflight: { exitCode: 0 } });
    checkWav(await readFile(report.smoke.file), 'exact', 'smoke.wav');
    const second = await cli(['setup', '--json']);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(json<{ reused: string[] }>(second.stdout).reused).toEqual([`runtime ${r.runtime.id}`, '3 exported voices']);
  });
});

describe('preflight', () => {
  it('online: every check passes or warns, none fails', async () => {
    const result = await cli(['preflight', ...common, '--json']);
    const report = json<{ exitCode: number; checks: { id: string; status: string; message: string }[] }>(result.stdout);
    expect(report.checks.filter((c) => c.status === 'fail'), result.stdout).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(report.checks.find((c) => c.id === 'torch')?.message).toContain(`torch ${real().torchVersion} (CPU build)`);
    expect(report.checks.find((c) => c.id === 'pocket-tts')?.status).toBe('pass');
  });

  it('--offline: the synthetic cache holds every pinned file, voice cloning included', async () => {
    const result = await cli(['preflight', ...common, '--offline', '--voices', 'alba,marius', '--json']);
    const report = json<{ exitCode: number; checks: { id: string; status: string; message: string }[] }>(result.stdout);
    expect(result.exitCode, result.stdout).toBe(0);
    const offline = report.checks.find((c) => c.id === 'offline');
    expect(offline?.status, offline?.message).toBe('pass');
    expect(offline?.message).toContain('voice cloning');
  });
});

describe('generate', () => {
  it.each(['cli', 'server'] as const)('%s mode writes a WAV with true sizes; exported and catalog voices work', async (mode) => {
    const out = join(project, `generate-${mode}.wav`);
    const result = await cli(['generate', ...common, '--mode', mode, '--text', TEXT, '--out', out, '--voice', 'narrator']);
    expect(result.exitCode, result.stderr).toBe(0);
    const { seconds } = checkWav(await readFile(out), 'exact', `generate --mode ${mode}`);
    // Random weights with the EOS head disabled: the audio runs to the length estimate of the text.
    expect(seconds).toBeGreaterThan(1);
    const catalog = join(project, `generate-${mode}-catalog.wav`);
    const viaCatalog = await cli(['generate', ...common, '--mode', mode, '--text', 'A catalog voice.', '--out', catalog, '--voice', 'alba', '--offline']);
    expect(viaCatalog.exitCode, viaCatalog.stderr).toBe(0);
    checkWav(await readFile(catalog), 'exact', `generate --mode ${mode} --voice alba --offline`);
  });

  it('a longer text gives longer audio (the EOS head is disabled)', async () => {
    const short = join(project, 'short.wav');
    const long = join(project, 'long.wav');
    expect((await cli(['generate', ...common, '--text', 'Short.', '--out', short])).exitCode).toBe(0);
    expect((await cli(['generate', ...common, '--text', `${TEXT} ${TEXT}`, '--out', long])).exitCode).toBe(0);
    expect(checkWav(await readFile(long), 'exact').seconds).toBeGreaterThan(checkWav(await readFile(short), 'exact').seconds * 2);
  });
});

describe('voices export', () => {
  it('the helper exports every voice with one model load; voice cloning works on the synthetic weights', async () => {
    const result = await cli(['voices', 'export', ...common, '--force', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = json<{ method: string; modelLoads: number; exported: number; failed: number }>(result.stdout);
    expect(report).toMatchObject({ method: 'helper', modelLoads: 1, exported: 3, failed: 0 });
  });
});

describe('serve --workers 2', () => {
  it('answers concurrent /tts with whole WAVs, then stops on SIGTERM leaving no process behind', async () => {
    const port = 18_000 + Math.floor(Math.random() * 2_000);
    const front = execa(process.execPath, [CLI, 'serve', ...common, '--workers', '2', '--port', String(port)], { cwd: project, reject: false, env: { CI: '1', NO_COLOR: '1' }, stdin: 'ignore' });
    try {
      await waitHealthy(`http://127.0.0.1:${port}/health`, 180_000);
      const sidecars = await descendantsOf(front.pid ?? -1);
      expect(sidecars.length).toBeGreaterThanOrEqual(2);
      const texts = ['One request.', 'Another request, a little longer.', 'A third.', 'And a fourth one to queue.'];
      const bodies = await Promise.all(texts.map(async (text) => {
        const form = new FormData();
        form.set('text', text);
        const response = await fetch(`http://127.0.0.1:${port}/tts`, { method: 'POST', body: form });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('audio/wav');
        return Buffer.from(await response.arrayBuffer());
      }));
      bodies.forEach((body, i) => checkWav(body, 'stream', `/tts ${i}`));
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/pocket_tts_requests_total\{mode="server",api="http",outcome="ok"\} 4/);
      const started = performance.now();
      front.kill('SIGTERM');
      const end = await front;
      expect(end.exitCode, end.stderr).toBe(0);
      expect(performance.now() - started).toBeLessThan(30_000);
      for (const pid of sidecars) expect(await isAlive(pid), `process ${pid} outlived the front`).toBe(false);
    } finally {
      if (front.exitCode === null) front.kill('SIGKILL');
    }
  });
});

describe('bench', () => {
  it('a small run measures both modes and writes its three outputs', async () => {
    const out = join(project, 'bench');
    const result = await cli(['bench', ...common, '--mode', 'cli,server', '--concurrency', '1', '--runs', '1', '--texts', 'short', '--out', out, '--json', '-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    const bench = json<{ result: { cells: { mode: string; requests: number; failures: number }[] } }>(result.stdout);
    expect(bench.result.cells.map((c) => c.mode).sort()).toEqual(['cli', 'server']);
    for (const cell of bench.result.cells) expect(cell).toMatchObject({ requests: 1, failures: 0 });
    for (const name of ['bench.json', 'bench.md', 'bench.svg']) expect((await readFile(join(out, name))).length).toBeGreaterThan(100);
  });
});

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const ok = await fetch(url).then((r) => r.status === 200, () => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} not healthy within ${timeoutMs} ms`);
}
