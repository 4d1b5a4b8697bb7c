import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disk } from '../../checks/disk.js';
import { hfCache } from '../../checks/hf-cache.js';
import { pocketTtsCache } from '../../checks/pocket-tts-cache.js';
import { facts, removeTempDirs, runtime, tempDir } from './support.js';

afterAll(removeTempDirs);

describe('cache and disk checks', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempDir('ptr-caches-');
    await writeFile(join(root, 'file'), 'not a folder');
  });
  const withHub = (hub: string) => runtime({ env: { HF_HOME: root, HF_HUB_CACHE: hub } });

  it('hf-cache creates the effective HF_HUB_CACHE and proves it writable', async () => {
    const outcome = await hfCache.run(facts({ runtime: withHub(join(root, 'new', 'hub')) }));
    expect(outcome).toMatchObject({ status: 'pass', details: { created: true } });
    expect(outcome.message).toMatch(/^HF_HUB_CACHE .*new\/hub is writable \(created\), .* free$/);
  });

  it('hf-cache fails under a regular file, naming it, with the exact fix', async () => {
    const outcome = await hfCache.run(facts({ runtime: withHub(join(root, 'file', 'hub')) }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(`HF_HUB_CACHE ${join(root, 'file', 'hub')} cannot be created: ${join(root, 'file')} is a file, not a folder (ENOTDIR)`);
    expect(outcome.hint).toBe(`move ${join(root, 'file')} away (mv ${join(root, 'file')} ${join(root, 'file')}.bak), or: pocket-tts-runtime provision --home /srv/ptr --hf-hub-cache <writable folder>`);
  });

  // /sys/kernel exists and refuses new files even to root: a stand-in for a read-only mount.
  it.runIf(process.platform === 'linux')('hf-cache on a read-only folder fails online, and only warns offline (nothing is downloaded)', async () => {
    const online = await hfCache.run(facts({ runtime: withHub('/sys/kernel') }));
    expect(online.status).toBe('fail');
    const offline = await hfCache.run(facts({ runtime: withHub('/sys/kernel'), options: { offline: true } }));
    expect(offline.status).toBe('warn');
    expect(offline.message).toBe('HF_HUB_CACHE /sys/kernel is read-only: fine offline, where nothing is downloaded (the offline check verifies the files are there)');
  });

  it('hf-cache fails below the free-space floor', async () => {
    const outcome = await hfCache.run(facts({ runtime: withHub(join(root, 'hub')), options: { minFreeBytes: Number.MAX_SAFE_INTEGER } }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('free, below the');
  });

  it('pocket-tts-cache follows HOME', async () => {
    const outcome = await pocketTtsCache.run(facts({ options: { env: { HOME: join(root, 'home') } } }));
    expect(outcome).toMatchObject({ status: 'pass', details: { dir: join(root, 'home', '.cache', 'pocket_tts') } });
    const blocked = await pocketTtsCache.run(facts({ options: { env: { HOME: join(root, 'file') } } }));
    expect(blocked).toMatchObject({ status: 'fail', hint: expect.stringContaining('HOME=<folder whose .cache is writable>') as unknown });
  });

  it('disk passes a read-only home that holds a runtime (an image run as non-root) and fails one without', async () => {
    const file = join(root, 'file');
    const ro = await disk.run(facts({ runtime: runtime({ home: join(file, 'home') }) }));
    expect([ro.status, ro.message]).toEqual(['pass', expect.stringContaining('read-only here')]);
    expect((await disk.run(facts({ runtime: null, options: { home: join(file, 'home') } }))).status).toBe('fail');
  });

  it('disk warns with a runtime and fails without one below the floor', async () => {
    const options = { home: root, minFreeBytes: Number.MAX_SAFE_INTEGER };
    expect((await disk.run(facts({ runtime: runtime({ home: root }), options }))).status).toBe('warn');
    expect((await disk.run(facts({ runtime: null, options }))).status).toBe('fail');
    expect((await disk.run(facts({ runtime: null, options: { home: join(root, 'not', 'yet') } }))).status).toBe('pass');
  });
});
