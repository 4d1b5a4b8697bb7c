import { chmod, copyFile, mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { provision, resolveRuntime } from '../../src/runtime/index.js';
import { fixtures } from '../support/fixtures.js';
import { resolveProvisionOptions } from '../../src/runtime/options.js';
import { planUvx } from '../../src/runtime/modes/uvx.js';
import { POCKET_TTS_VERSION } from '../../src/pins.js';

async function uvShims(): Promise<{ bin: string; log: string }> {
  const bin = await mkdtemp(join(tmpdir(), 'ptr-uv-'));
  const shim = join(bin, 'uv-shim.mjs');
  await copyFile(join(import.meta.dirname, 'fixtures', 'uv-shim.mjs'), shim);
  await chmod(shim, 0o755);
  await symlink(shim, join(bin, 'uvx'));
  await symlink(shim, join(bin, 'uv'));
  return { bin, log: join(bin, 'argv.log') };
}

describe('the pocket-tts version option', () => {
  it.each(['2.1.0', '3.3.0', '4.0.1', '4.0.0', '3.2.0'])('accepts release %s (outside the set too: preflight warns)', async (version) => {
    expect((await resolveProvisionOptions({ pocketTtsVersion: version, env: {} })).requirements.pocketTts).toBe(version);
  });

  it.each([
    ['latest', 'is not a release number'],
    ['4.0', 'is not a release number'],
    ['2.1.0; rm -rf', 'is not a release number'],
    ['3.0.0', 'cannot run: its wheel lacks the pocket_tts.data package'],
  ])('refuses %s as INVALID_CONFIG (%s) with a runnable fix', async (version, message) => {
    const error: unknown = await resolveProvisionOptions({ pocketTtsVersion: version, env: {} }).catch((e: unknown) => e);
    expect(isTtsError(error, 'INVALID_CONFIG')).toBe(true);
    expect(error).toMatchObject({ field: 'pocketTtsVersion', message: expect.stringContaining(message) as unknown, hint: expect.stringMatching(/--pocket-tts-version/) as unknown });
  });
});

describe('system mode', () => {
  it('uses an explicit existing pocket-tts as it is, with versions from its own Python', async () => {
    const home = await mkdtemp(join(tmpdir(), 'ptr-home-'));
    const runtime = await provision({ home, mode: 'system', executable: fixtures().doubleBin });
    expect(runtime).toMatchObject({ mode: 'system', installer: null, reused: false });
    expect(runtime.pocketTts.file).toBe(fixtures().doubleBin);
    expect(runtime.python?.file).toBe(join(fixtures().venv, 'bin', 'python'));
    expect(runtime.versions).toMatchObject({ pocketTts: '2.1.0+double', torch: '2.13.0+cpu' });
    expect((await provision({ home, mode: 'system', executable: fixtures().doubleBin })).reused).toBe(true);
  });

  it('finds pocket-tts on PATH', async () => {
    const home = await mkdtemp(join(tmpdir(), 'ptr-home-'));
    const env = { ...process.env, PATH: `${join(fixtures().venv, 'bin')}${delimiter}${process.env.PATH ?? ''}` };
    expect((await provision({ home, mode: 'system', env })).pocketTts.file).toBe(fixtures().doubleBin);
  });

  it('without one: EXECUTABLE_NOT_FOUND saying how to get one', async () => {
    const error = await provision({ home: await mkdtemp(join(tmpdir(), 'ptr-home-')), mode: 'system', env: { PATH: '/nonexistent' } }).catch((e: unknown) => e);
    expect(isTtsError(error, 'EXECUTABLE_NOT_FOUND')).toBe(true);
    expect(isTtsError(error) && error.hint).toContain('--executable');
  });

  it('resolveRuntime takes an executable directly, with no provisioning', async () => {
    const runtime = await resolveRuntime({ executable: fixtures().doubleBin, home: await mkdtemp(join(tmpdir(), 'ptr-home-')) });
    expect(runtime).toMatchObject({ mode: 'system', pocketTts: { file: fixtures().doubleBin, args: [] } });
  });
});

describe('uvx mode', () => {
  it('resolves uvx and runs pinned pocket-tts through it, wheelhouse passed through', async () => {
    const { bin, log } = await uvShims();
    const env = {
      ...process.env,
      PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
      SHIM_LOG: log,
      SHIM_WHEELHOUSE: fixtures().wheelhouse,
      SHIM_POCKET_TTS: fixtures().doubleBin,
      SHIM_PYTHON: join(fixtures().venv, 'bin', 'python'),
    };
    const home = await mkdtemp(join(tmpdir(), 'ptr-home-'));
    const runtime = await provision({ home, mode: 'uvx', wheelhouse: fixtures().wheelhouse, env, uvCacheDir: join(home, 'uv-cache') });
    expect(runtime.mode).toBe('uvx');
    expect(runtime.pocketTts.file).toBe(join(bin, 'uvx'));
    expect(runtime.pocketTts.args).toEqual(['--no-index', '--find-links', fixtures().wheelhouse, '--with', 'torch==2.13.0+cpu', '--from', `pocket-tts==${POCKET_TTS_VERSION}`, 'pocket-tts']);
    expect(runtime.versions).toMatchObject({ pocketTts: '2.1.0+double', torch: '2.13.0+cpu' });
    expect(runtime.caches.uv).toBe(join(home, 'uv-cache'));
    expect(runtime.env.UV_CACHE_DIR).toBe(join(home, 'uv-cache'));
    const calls = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { tool: string; args: string[] });
    expect(calls.some((c) => c.tool === 'uvx' && c.args.at(-1) === '--help' && c.args.includes('--from'))).toBe(true);
    expect(calls.some((c) => c.tool === 'uv' && c.args[0] === 'run')).toBe(true);
  });

  it.each([
    ['knows --torch-backend', '1', ['--torch-backend', 'cpu']],
    ['is older: the CPU index goes in explicitly', '0', ['--index', 'https://torch.example/whl/cpu']],
  ])('online, when this uv %s', async (_, backend, expected) => {
    const { bin } = await uvShims();
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, SHIM_TORCH_BACKEND: backend };
    const opts = await resolveProvisionOptions({ mode: 'uvx', env, torchIndexUrl: 'https://torch.example/whl/cpu' });
    const plan = await planUvx(opts);
    expect(plan.prefixes('/unused').pocketTts.args).toEqual([...expected, '--with', 'torch==2.13.0+cpu', '--from', `pocket-tts==${POCKET_TTS_VERSION}`, 'pocket-tts']);
    expect(plan.reachabilityUrl).toBe('https://torch.example/whl/cpu/torch/');
  });

  it('without uvx: EXECUTABLE_NOT_FOUND', async () => {
    const error = await provision({ home: await mkdtemp(join(tmpdir(), 'ptr-home-')), mode: 'uvx', env: { PATH: '/nonexistent' } }).catch((e: unknown) => e);
    expect(isTtsError(error, 'EXECUTABLE_NOT_FOUND')).toBe(true);
  });
});
