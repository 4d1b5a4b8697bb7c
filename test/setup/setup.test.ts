import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubCachePath, requiredHubFiles } from '../../src/hub/index.js';
import { runCli } from '../support/cli.js';
import { tempDir, writeToneWav } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';
import { POCKET_TTS_VERSION } from '../../src/pins.js';

interface Report {
  ok: boolean;
  synthetic: boolean;
  reused: string[];
  runtime: { id: string; reused: boolean; versions: { pocketTts: string } };
  voices: { exported: number; cached: number } | null;
  preflight: { exitCode: number };
  smoke: { file: string; audioMs: number; realTimeFactor: number; synthetic: boolean };
  error?: { code: string; message: string; hint: string };
}

async function project(): Promise<{ cwd: string; home: string }> {
  const cwd = await tempDir('ptr-project-');
  return { cwd, home: join(cwd, 'home') };
}

function json(stdout: unknown): Report {
  return JSON.parse(String(stdout)) as Report;
}

describe('pocket-tts-runtime setup', () => {
  it('with the double: provisions, exports the voices, preflights and speaks; a second run reuses everything', async () => {
    const { cwd, home } = await project();
    await writeToneWav(join(cwd, 'narrator.wav'));
    await writeFile(join(cwd, 'voices.json'), JSON.stringify({ voices: [{ name: 'narrator', source: 'narrator.wav' }] }));
    const first = await runCli(['setup', '--home', home, '--engine', 'double', '--json'], { cwd });
    expect(first.exitCode, String(first.stdout)).toBe(0);
    const report = json(first.stdout);
    expect(report).toMatchObject({ ok: true, synthetic: true, runtime: { reused: false, versions: { pocketTts: `${POCKET_TTS_VERSION}+double` } }, voices: { exported: 1, cached: 0 }, preflight: { exitCode: 0 } });
    expect(report.smoke).toMatchObject({ file: join(cwd, '.pocket-tts', 'smoke.wav'), synthetic: true });
    expect(report.smoke.audioMs).toBeGreaterThan(0);
    const wav = await readFile(report.smoke.file);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);

    const second = await runCli(['setup', '--home', home, '--engine', 'double'], { cwd });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('This machine can speak.');
    expect(second.stdout).toContain('SYNTHETIC');
    expect(second.stdout).toContain(`Reused: runtime ${report.runtime.id}, 1 exported voice.`);
    expect(second.stdout).toMatch(/Preflight \(\d+ passed, 1 warning, 0 failed, \d+ skipped in \d+ ms; warned: pocket-tts\b/);

    // Piped: the voice export prints plain lines, never internal events; --no-smoke claims no speech.
    await writeToneWav(join(cwd, 'guide.wav'));
    await writeFile(join(cwd, 'voices.json'), JSON.stringify({ voices: [{ name: 'narrator', source: 'narrator.wav' }, { name: 'guide', source: 'guide.wav' }] }));
    const third = await runCli(['setup', '--home', home, '--engine', 'double', '--no-smoke'], { cwd });
    expect(third.exitCode, String(third.stdout)).toBe(0);
    expect(third.stdout).not.toContain('{"type"');
    expect(third.stdout).toMatch(/guide: exported/);
    expect(third.stdout).not.toContain('This machine can speak.');
    expect(third.stdout).toContain('no test sentence (--no-smoke)');
  });

  it('runs air-gapped: --offline with a wheelhouse and a prefilled HF cache', async () => {
    const { cwd, home } = await project();
    const hfHome = join(cwd, 'hf');
    // The files pocket-tts needs offline for english and its default voice (content is not read by the double).
    for (const file of requiredHubFiles({ language: 'english' })) {
      const path = hubCachePath(join(hfHome, 'hub'), file);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, '');
    }
    const result = await runCli(['setup', '--home', home, '--offline', '--wheelhouse', fixtures().wheelhouse, '--hf-home', hfHome, '--json'], { cwd });
    expect(result.exitCode, String(result.stdout)).toBe(0);
    expect(json(result.stdout)).toMatchObject({ ok: true, preflight: { exitCode: 0 } });
  });

  it('offline without the model files fails at preflight, listing what is missing', async () => {
    const { cwd, home } = await project();
    const result = await runCli(['setup', '--home', home, '--offline', '--wheelhouse', fixtures().wheelhouse, '--hf-home', join(cwd, 'empty-hf'), '--json'], { cwd });
    expect(result.exitCode).toBe(1);
    const report = json(result.stdout);
    expect(report.error?.code).toBe('RUNTIME_BROKEN');
    expect(report.error?.message).toContain('offline');
    expect(report.error?.message).toContain('hf download');
    // The failed offline run leaves the runtime as any other run would: later commands are not offline.
    const marker = JSON.parse(await readFile(join(home, 'runtimes', 'current', 'runtime.json'), 'utf8')) as { env: Record<string, string> };
    expect(marker.env.HF_HUB_OFFLINE).toBeUndefined();
  });

  it('the air-gapped flow rehearsed with the double: `setup --engine double --offline` works without any Hub file', async () => {
    const { cwd, home } = await project();
    const noCache = { HF_HOME: undefined, HF_HUB_CACHE: undefined };
    const result = await runCli(['setup', '--home', home, '--engine', 'double', '--offline', '--json'], { cwd, env: noCache, extendEnv: true });
    expect(result.exitCode, String(result.stdout)).toBe(0);
    const report = json(result.stdout);
    expect(report).toMatchObject({ ok: true, synthetic: true, preflight: { exitCode: 0 }, smoke: { synthetic: true } });
    // Later commands run offline from the double's own cache (the runtime records it), a named cache is never written.
    const out = join(cwd, 'offline.wav');
    const speak = await runCli(['generate', '--home', home, '--offline', '--text', 'Air-gapped.', '--voice', 'marius', '--out', out], { cwd, env: noCache });
    expect(speak.exitCode, String(speak.stderr)).toBe(0);
    const named = await runCli(['setup', '--home', home, '--engine', 'double', '--offline', '--hf-home', join(cwd, 'named-hf'), '--json'], { cwd, env: noCache });
    expect(named.exitCode).toBe(1);
    expect(json(named.stdout).error?.message).toContain('required files are missing');
  });

  it('offline needs a wheelhouse to install from (INVALID_CONFIG, exit 2)', async () => {
    const { cwd, home } = await project();
    const result = await runCli(['setup', '--home', home, '--offline', '--json'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(json(result.stdout).error).toMatchObject({ code: 'INVALID_CONFIG', hint: expect.stringContaining('--wheelhouse') as unknown });
  });

  it('the real engine without a package index fails fast at install, naming both ways out', async () => {
    const { cwd, home } = await project();
    // An index that cannot be reached, so the test behaves the same on a connected machine.
    await writeFile(join(cwd, 'pocket-tts-runtime.config.json'), JSON.stringify({ runtime: { torchIndexUrl: 'http://127.0.0.1:9/whl/cpu' } }));
    const result = await runCli(['setup', '--home', home], { cwd });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^INDEX_UNREACHABLE: /m);
    expect(result.stderr).toContain('--wheelhouse');
    expect(result.stderr).toContain('--engine double');
  });

  it('reads the project config (validated) and lets the environment override it', async () => {
    const { cwd, home } = await project();
    await writeFile(join(cwd, 'pocket-tts-runtime.config.json'), JSON.stringify({ home, engine: 'real', smoke: { text: 'Configured sentence here.', out: 'out/smoke.wav' } }));
    const result = await runCli(['setup', '--json'], { cwd, env: { POCKET_TTS_RUNTIME_ENGINE: 'double' } });
    expect(result.exitCode, String(result.stdout)).toBe(0);
    expect(json(result.stdout).smoke.file).toBe(join(cwd, 'out', 'smoke.wav'));

    await writeFile(join(cwd, 'pocket-tts-runtime.config.json'), JSON.stringify({ engine: 'fake', colour: 'blue' }));
    const bad = await runCli(['setup', '--json'], { cwd });
    expect(bad.exitCode).toBe(2);
    expect(json(bad.stdout).error?.code).toBe('INVALID_CONFIG');
    const badEnv = await runCli(['setup', '--json', '--config', join(cwd, 'none.json')], { cwd, env: { POCKET_TTS_RUNTIME_WORKERS: 'many' } });
    expect(badEnv.exitCode).toBe(2);
  });
});
