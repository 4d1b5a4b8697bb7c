import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRuntime, type Runtime } from '../../src/runtime/index.js';
import { readMarker, writeMarker } from '../../src/runtime/marker.js';
import { tempDir } from '../support/double-runtime.js';

// Issue 17: offline is a property of the invocation (or the config), never of the runtime on disk.
async function homeWithMarker(env: Record<string, string>): Promise<{ home: string; dir: string }> {
  const home = await tempDir('ptr-offline-');
  const dir = join(home, 'runtimes', 'current');
  await mkdir(join(dir, 'bin'), { recursive: true });
  const bin = join(dir, 'bin', 'pocket-tts');
  await writeFile(bin, '#!/bin/sh\nexit 0\n');
  await chmod(bin, 0o755);
  const runtime: Runtime = {
    schemaVersion: 1,
    mode: 'venv',
    id: 'venv-2.1.0-py3.11-000000000000',
    path: dir,
    home,
    pocketTts: { file: bin, args: [] },
    python: null,
    versions: { pocketTts: '2.1.0', torch: '2.13.0+cpu', python: '3.11.2' },
    env,
    caches: { hfHome: join(home, 'hf'), hfHubCache: join(home, 'hf', 'hub'), pocketTts: join(home, 'pt'), uv: null },
    installer: 'pip',
    inputs: {},
    createdAt: new Date().toISOString(),
    reused: false,
  };
  // Written as an older version did: straight JSON, HF_HUB_OFFLINE and all.
  await writeFile(join(dir, 'runtime.json'), JSON.stringify(runtime));
  return { home, dir };
}

describe('offline never sticks to a runtime', () => {
  it('a marker written by an older version with HF_HUB_OFFLINE=1 does not make later commands offline', async () => {
    const { home, dir } = await homeWithMarker({ HF_HOME: '/h', HF_HUB_CACHE: '/h/hub', HF_HUB_OFFLINE: '1' });
    expect((await resolveRuntime({ home })).env.HF_HUB_OFFLINE).toBeUndefined();
    expect((await resolveRuntime({ home, hfHome: join(home, 'other') })).env.HF_HUB_OFFLINE).toBeUndefined();
    expect((await readMarker(dir))?.env).toEqual({ HF_HOME: '/h', HF_HUB_CACHE: '/h/hub' });
  });

  it('the invocation still asks for offline', async () => {
    const { home } = await homeWithMarker({ HF_HOME: '/h', HF_HUB_CACHE: '/h/hub' });
    expect((await resolveRuntime({ home, offline: true })).env.HF_HUB_OFFLINE).toBe('1');
    expect((await resolveRuntime({ home, offline: false })).env.HF_HUB_OFFLINE).toBeUndefined();
  });

  it('a marker is never written with HF_HUB_OFFLINE', async () => {
    const { dir } = await homeWithMarker({});
    const runtime = await readMarker(dir);
    if (runtime === null) throw new Error('no marker');
    await writeMarker(dir, { ...runtime, env: { HF_HOME: '/h', HF_HUB_OFFLINE: '1' } });
    const written = JSON.parse(await readFile(join(dir, 'runtime.json'), 'utf8')) as Runtime;
    expect(written.env).toEqual({ HF_HOME: '/h' });
  });
});
