import { mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { provision, resolveRuntime, type Runtime } from '../../src/runtime/index.js';
import { processStartTime } from '../../src/runtime/proc-start.js';
import { buildDoubleWheelhouse } from '../../src/double/wheelhouse.js';
import { POCKET_TTS_VERSION } from '../../src/pins.js';
import { runCli } from '../support/cli.js';
import { fixtures } from '../support/fixtures.js';

// Every provision here is real: real venv, real pip, the contract double's wheels, no network.
const base = { installer: 'pip' as const };

async function tempHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ptr-home-'));
}

async function helpWorks(runtime: Runtime): Promise<void> {
  const help = await execa(runtime.pocketTts.file, [...runtime.pocketTts.args, '--help'], { reject: false });
  expect(help.exitCode).toBe(0);
}

async function storeEntries(home: string): Promise<string[]> {
  return (await readdir(join(home, 'runtimes', '.store'))).sort();
}

describe('provision (venv mode, from the wheelhouse)', () => {
  let home: string;
  let first: Runtime;

  beforeAll(async () => {
    home = await tempHome();
    first = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse });
  });

  it('installs pinned pocket-tts and CPU torch, verified, and reports them', async () => {
    expect(first).toMatchObject({ mode: 'venv', reused: false, installer: 'pip', home });
    expect(first.versions).toMatchObject({ pocketTts: `${POCKET_TTS_VERSION}+double`, torch: '2.13.0+cpu' });
    expect(first.versions.python).toMatch(/^3\.\d+\.\d+$/);
    expect(first.id).toMatch(new RegExp(`^venv-${POCKET_TTS_VERSION.replaceAll('.', '\\.')}-py3\\.\\d+-[0-9a-f]{12}$`));
    expect(first.path).toContain(join(home, 'runtimes', '.store', `${first.id}.`));
    expect(first.env).toMatchObject({ HF_HOME: first.caches.hfHome, HF_HUB_CACHE: first.caches.hfHubCache });
    await helpWorks(first);
    expect(JSON.parse(await readFile(join(first.path, 'runtime.json'), 'utf8'))).toMatchObject({ id: first.id, reused: false });
  });

  it('re-provisions as a no-op that reuses the marker', async () => {
    const again = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse });
    expect(again).toMatchObject({ id: first.id, path: first.path, reused: true });
    expect(await storeEntries(home)).toHaveLength(1);
  });

  it('resolveRuntime finds it as the current runtime, and by id', async () => {
    expect(await resolveRuntime({ home })).toMatchObject({ id: first.id, path: first.path });
    expect(await resolveRuntime({ home, runtime: first.id })).toMatchObject({ id: first.id });
    expect((await resolveRuntime({ home, offline: true })).env.HF_HUB_OFFLINE).toBe('1');
  });

  it('--force rebuilds into a new folder and switches to it; the old one stays for running processes', async () => {
    const forced = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, force: true });
    expect(forced).toMatchObject({ id: first.id, reused: false });
    expect(forced.path).not.toBe(first.path);
    await helpWorks(forced);
    await helpWorks(first);
    expect(await readlink(join(home, 'runtimes', first.id))).toBe(join('.store', forced.path.split('/').pop() ?? ''));
    expect((await resolveRuntime({ home })).path).toBe(forced.path);
  });

  it('a changed pin provisions a new runtime beside the old one, which keeps working', async () => {
    const wheelhouse = join(home, 'wheels-2.5.1');
    await buildDoubleWheelhouse({ out: wheelhouse, torchVersion: '2.5.1+cpu' });
    const other = await provision({ ...base, home, wheelhouse, torchVersion: '2.5.1+cpu' });
    expect(other.id).not.toBe(first.id);
    expect(other.versions.torch).toBe('2.5.1+cpu');
    expect((await resolveRuntime({ home })).id).toBe(other.id);
    expect((await resolveRuntime({ home, runtime: first.id })).id).toBe(first.id);
    await helpWorks(await resolveRuntime({ home, runtime: first.id }));
  });

  it('records the cache locations in runtime.json; offline belongs to the invocation, not the marker', async () => {
    const hfHome = join(home, 'hf');
    const runtime = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, offline: true, hfHome });
    expect(runtime.reused).toBe(true);
    expect(runtime.env).toMatchObject({ HF_HOME: hfHome, HF_HUB_CACHE: join(hfHome, 'hub'), HF_HUB_OFFLINE: '1' });
    const marker = JSON.parse(await readFile(join(runtime.path, 'runtime.json'), 'utf8')) as Runtime;
    expect(marker.env).toMatchObject({ HF_HOME: hfHome });
    expect(marker.env.HF_HUB_OFFLINE).toBeUndefined();
    expect((await resolveRuntime({ home })).env.HF_HUB_OFFLINE).toBeUndefined();
  });
});

describe('provision safety', () => {
  it('two concurrent provisions: one installs, the other waits and reuses it', async () => {
    const home = await tempHome();
    const args = ['provision', '--home', home, '--wheelhouse', fixtures().wheelhouse, '--installer', 'pip', '--json'];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    const results = [a, b].map((r) => JSON.parse(String(r.stdout)) as Runtime);
    expect(results.map((r) => r.reused).sort()).toEqual([false, true]);
    expect(results[0]?.path).toBe(results[1]?.path);
    expect(await storeEntries(home)).toHaveLength(1);
  });

  it('a stale lock from a dead pid is taken over', async () => {
    const home = await tempHome();
    const runtime = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse });
    const dead = execa('true');
    const pid = dead.pid ?? -1;
    await dead;
    await writeFile(join(home, 'runtimes', `${runtime.id}.lock`), JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString(), processStart: null, purpose: 'provision (killed)' }));
    const again = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, lockTimeoutMs: 2_000 });
    expect(again.reused).toBe(true);
  });

  it('a lock held by a live process times out with LOCK_TIMEOUT naming it', async () => {
    const home = await tempHome();
    const runtime = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse });
    const holder = execa('sleep', ['60']);
    const pid = holder.pid ?? -1;
    await writeFile(join(home, 'runtimes', `${runtime.id}.lock`), JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString(), processStart: processStartTime(pid), purpose: 'provision (other)' }));
    const cli = await runCli(['provision', '--home', home, '--wheelhouse', fixtures().wheelhouse, '--installer', 'pip', '--lock-timeout', '1']);
    holder.kill();
    await holder.catch(() => {});
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toContain('LOCK_TIMEOUT');
    expect(cli.stderr).toContain(`pid ${pid} on ${hostname()}`);
  });

  it('SIGKILL during the install leaves the previous runtime intact; the next run cleans up and succeeds', { timeout: 240_000 }, async () => {
    const home = await tempHome();
    const before = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse });
    const child = runCli(['provision', '--home', home, '--wheelhouse', fixtures().wheelhouse, '--installer', 'pip', '--force'], { detached: true });
    // Kill once the new build folder exists and pip is installing into it.
    await waitFor(async () => (await storeEntries(home)).length === 2);
    const building = (await storeEntries(home)).find((name) => !before.path.endsWith(name)) ?? '';
    const log = join(home, 'runtimes', `${before.id}.install.log`);
    await waitFor(async () => {
      const text = await readFile(log, 'utf8');
      return text.includes(`build ${join(home, 'runtimes', '.store', building)}`) && text.includes('torch==');
    });
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    await child;
    expect(await storeEntries(home)).toHaveLength(2);
    const current = await resolveRuntime({ home });
    expect(current.path).toBe(before.path);
    await helpWorks(current);
    const after = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, force: true, lockTimeoutMs: 5_000 });
    expect(after.reused).toBe(false);
    await helpWorks(after);
    const left = await storeEntries(home);
    expect(left).toContain(after.path.split('/').pop());
    expect(left).toHaveLength(2); // the killed build's debris is gone; `before` stays for its grace period
  });
});

describe('upgrades: a home asked for another pocket-tts release', () => {
  it('gets a new runtime beside the old one, switched atomically; asking for the old release again switches back without a rebuild', { timeout: 300_000 }, async () => {
    const home = await tempHome();
    const v2 = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, pocketTtsVersion: '2.1.0' });
    const wheels4 = await buildDoubleWheelhouse({ out: await mkdtemp(join(tmpdir(), 'ptr-wheels-4-')), pocketTtsVersion: '4.0.1' });
    const v4 = await provision({ ...base, home, wheelhouse: wheels4.dir, pocketTtsVersion: '4.0.1' });
    expect(v4).toMatchObject({ reused: false, versions: { pocketTts: '4.0.1+double' } });
    expect(v4.id).toMatch(/^venv-4\.0\.1-py3\.\d+-[0-9a-f]{12}$/);
    expect(v4.id).not.toBe(v2.id);
    expect(await resolveRuntime({ home })).toMatchObject({ id: v4.id });
    // The old runtime stays whole beside it (a process still using it keeps working).
    await helpWorks(await resolveRuntime({ home, runtime: v2.id }));
    const back = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, pocketTtsVersion: '2.1.0' });
    expect(back).toMatchObject({ id: v2.id, reused: true });
    expect(await resolveRuntime({ home })).toMatchObject({ id: v2.id });
    expect(await readlink(join(home, 'runtimes', 'current'))).toBe(v2.id);
  });
});

describe('provision failures', () => {
  it('fails fast with INDEX_UNREACHABLE when the index cannot be reached, naming both ways out', async () => {
    const home = await tempHome();
    const started = performance.now();
    const error = await provision({ ...base, home, torchIndexUrl: 'http://127.0.0.1:9/whl/cpu' }).catch((e: unknown) => e);
    expect(isTtsError(error, 'INDEX_UNREACHABLE')).toBe(true);
    if (!isTtsError(error)) return;
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(error.hint).toContain('--wheelhouse');
    expect(error.hint).toContain('double');
    expect(await readdir(join(home, 'runtimes', '.store'))).toEqual([]);
  });

  it('installs a lock file in hash-checking mode, and refuses a wrong hash', async () => {
    const home = await tempHome();
    // The pin's pocket-tts and torch (the fixture wheelhouse also holds the 2.1.0 double).
    const wheels = (await readdir(fixtures().wheelhouse)).filter((f) => f.endsWith('.whl') && (!f.startsWith('pocket_tts-') || f.startsWith(`pocket_tts-${POCKET_TTS_VERSION}+`)));
    const lines = await Promise.all(wheels.map(async (wheel) => {
      const [name, version] = wheel.split('-');
      const sha = (await execa('sha256sum', [join(fixtures().wheelhouse, wheel)])).stdout.split(' ')[0];
      return `${(name ?? '').replace('_', '-')}==${version} --hash=sha256:${sha}`;
    }));
    const lock = join(home, 'requirements.lock.txt');
    await writeFile(lock, `${lines.join('\n')}\n`);
    const runtime = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, lock });
    expect(runtime.versions.pocketTts).toBe(`${POCKET_TTS_VERSION}+double`);
    await stat(join(runtime.path, 'requirements.lock.txt'));
    const bad = join(home, 'bad.lock.txt');
    await writeFile(bad, `${lines.map((l) => l.replace(/sha256:[0-9a-f]{4}/, 'sha256:0000')).join('\n')}\n`);
    const error = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, lock: bad }).catch((e: unknown) => e);
    expect(isTtsError(error, 'PROVISION_FAILED')).toBe(true);
    expect(isTtsError(error) && error.stderr).toMatch(/HASH|hash/);
    expect((await resolveRuntime({ home })).id).toBe(runtime.id);
  });

  it('resolveRuntime in an empty home says how to provision', async () => {
    const home = await tempHome();
    const error = await resolveRuntime({ home }).catch((e: unknown) => e);
    expect(isTtsError(error, 'EXECUTABLE_NOT_FOUND')).toBe(true);
    expect(isTtsError(error) && error.hint).toContain(`provision --home ${home}`);
  });

  it('a runtime whose files were deleted is RUNTIME_BROKEN', async () => {
    const home = await tempHome();
    const runtime = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse });
    await rm(join(runtime.path, 'venv'), { recursive: true });
    const error = await resolveRuntime({ home }).catch((e: unknown) => e);
    expect(isTtsError(error, 'RUNTIME_BROKEN')).toBe(true);
  });
});

describe('provision: where torch comes from, and never a CUDA build unasked', () => {
  async function lockFor(dir: string, file: string): Promise<string> {
    const lines = await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.whl')).map(async (wheel) => {
      const [name, version] = wheel.split('-');
      const sha = (await execa('sha256sum', [join(dir, wheel)])).stdout.split(' ')[0];
      return `${(name ?? '').replace('_', '-')}==${version} --hash=sha256:${sha}`;
    }));
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  }

  it('--torch-find-links: torch from its own folder, pocket-tts from elsewhere (real pip)', async () => {
    const home = await tempHome();
    const built = await buildDoubleWheelhouse({ out: join(home, 'wheels'), torchVersion: '2.5.1+cpu' });
    const torchDir = join(home, 'torch-wheels');
    await mkdir(torchDir);
    const torchWheel = built.wheels.find((w) => w.includes('torch-')) ?? '';
    await rename(torchWheel, join(torchDir, torchWheel.split('/').pop() ?? ''));
    const steps: string[] = [];
    const runtime = await provision({ ...base, home, wheelhouse: built.dir, torchFindLinks: torchDir, torchVersion: '2.5.1+cpu', onEvent: (e) => e.type === 'start' && steps.push(e.title) });
    expect(runtime.versions.torch).toBe('2.5.1+cpu');
    expect(runtime.inputs).toMatchObject({ torchFindLinks: torchDir });
    const log = await readFile(join(home, 'runtimes', `${runtime.id}.install.log`), 'utf8');
    expect(log).toContain(`--find-links ${torchDir} torch==2.5.1+cpu`);
    expect(log).toContain(`--find-links ${torchDir} pocket-tts==${POCKET_TTS_VERSION} torch==2.5.1+cpu`);
  });

  it('refuses a GPU-labelled or unlabelled torch before installing anything, from the API and the CLI', async () => {
    const home = await tempHome();
    const error = await provision({ ...base, home, wheelhouse: fixtures().wheelhouse, torchVersion: '2.6.0+cu124' }).catch((e: unknown) => e);
    expect(isTtsError(error, 'INVALID_CONFIG')).toBe(true);
    await expect(stat(join(home, 'runtimes'))).rejects.toThrow();
    const cli = await runCli(['provision', '--home', home, '--torch-version', '2.6.0', '--torch-find-links', fixtures().wheelhouse]);
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toMatch(/INVALID_CONFIG: torch 2\.6\.0 has no \+cpu label/);
    expect(cli.stderr).toContain('--torch-version 2.6.0+cpu');
  });

  it('a CUDA torch that slips in (here through a lock file) is refused after the install and never activated', async () => {
    const home = await tempHome();
    const cuda = await buildDoubleWheelhouse({ out: join(home, 'cuda-wheels'), torchVersion: '2.6.0' });
    const lock = await lockFor(cuda.dir, join(home, 'cuda.lock.txt'));
    const error = await provision({ ...base, home, wheelhouse: cuda.dir, lock }).catch((e: unknown) => e);
    expect(isTtsError(error, 'PROVISION_FAILED')).toBe(true);
    expect(isTtsError(error) && error.shortMessage).toMatch(/torch 2\.6\.0 is a CUDA build \(CUDA 12\.4\); the runtime was not activated/);
    await expect(resolveRuntime({ home })).rejects.toMatchObject({ code: 'EXECUTABLE_NOT_FOUND' });
    expect(await storeEntries(home)).toEqual([]);
  });

  it('--torch-allow-cuda accepts a CUDA build, and says so', async () => {
    const home = await tempHome();
    const cuda = await buildDoubleWheelhouse({ out: join(home, 'cu-wheels'), torchVersion: '2.6.0+cu124' });
    const done: string[] = [];
    const runtime = await provision({ ...base, home, wheelhouse: cuda.dir, torchVersion: '2.6.0+cu124', torchAllowCuda: true, onEvent: (e) => e.type === 'done' && done.push(e.message ?? '') });
    expect(runtime.versions.torch).toBe('2.6.0+cu124');
    expect(done.join('\n')).toContain('WARNING: a CUDA 12.4 build, accepted by --torch-allow-cuda');
  });
});

async function waitFor(predicate: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}
