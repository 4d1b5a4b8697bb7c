import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubCachePath } from '../../src/hub/index.js';
import { prefetch, prefetchFiles } from '../../src/prefetch/prefetch.js';
import { provision } from '../../src/runtime/index.js';
import { fixtures } from '../support/fixtures.js';
import { doubleRuntime, tempDir } from '../support/double-runtime.js';

// A stand-in huggingface_hub (a test fixture on PYTHONPATH): writes each requested file into the hub
// cache layout, and fails for paths listed in FAKE_HF_FAIL.
const FAKE_HUB = `
import os
def hf_hub_download(repo_id, filename, revision):
    if filename in os.environ.get("FAKE_HF_FAIL", "").split(","):
        raise OSError("404 Client Error: Not Found for url: https://hub/" + filename)
    root = os.environ["HF_HUB_CACHE"]
    path = os.path.join(root, "models--" + repo_id.replace("/", "--"), "snapshots", revision, *filename.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write("fake " + filename)
    return path
`;

async function fakeHubRuntime(extra: Record<string, string> = {}) {
  const dir = await tempDir('ptr-hub-');
  await mkdir(join(dir, 'site', 'huggingface_hub'), { recursive: true });
  await writeFile(join(dir, 'site', 'huggingface_hub', '__init__.py'), FAKE_HUB);
  const runtime = await doubleRuntime();
  const hfHubCache = join(dir, 'hub');
  return {
    // A Python without the double installed (it is skipped otherwise), with the stand-in hub.
    ...runtime,
    python: { file: fixtures().python, args: [] },
    // What a real 2.1.0 install reports (resolveRuntime reads `2.1.0+double` from the double's dist-info).
    versions: { ...runtime.versions, pocketTts: '2.1.0' },
    caches: { ...runtime.caches, hfHubCache },
    env: { ...runtime.env, HF_HUB_CACHE: hfHubCache, HF_HUB_OFFLINE: '1', PYTHONPATH: join(dir, 'site'), ...extra },
  };
}

describe('prefetch', () => {
  it('skips the contract double, saying why (known from provision, or found by the helper)', async () => {
    const provisioned = await provision({ home: await tempDir('ptr-home-'), wheelhouse: fixtures().wheelhouse, installer: 'pip' });
    expect((await prefetch({ runtime: provisioned })).skipped).toBe('the contract double needs no model files');
    const result = await prefetch({ runtime: await doubleRuntime() });
    expect(result.skipped).toBe('the contract double needs no model files');
    expect(result.files.map((f) => f.kind)).toEqual(['tokenizer', 'weights', 'voice']);
  });

  it("fetches every pinned file with the runtime's huggingface_hub into its HF cache, even when the runtime is offline", async () => {
    const runtime = await fakeHubRuntime();
    const result = await prefetch({ runtime, language: 'german', voices: ['juergen', 'alba'] });
    expect(result.skipped).toBeNull();
    expect(result.failed).toEqual([]);
    expect(result.fetched.map((f) => f.path)).toEqual([
      'languages/german/tokenizer.model',
      'languages/german/model.safetensors',
      'languages/german/embeddings/juergen.safetensors',
      'languages/german/embeddings/alba.safetensors',
    ]);
    for (const file of result.files) expect(await readFile(hubCachePath(runtime.caches.hfHubCache, file), 'utf8')).toBe(`fake ${file.path}`);
  });

  it('reports each failed file and goes on with the others', async () => {
    const runtime = await fakeHubRuntime({ FAKE_HF_FAIL: 'languages/english/model.safetensors' });
    const result = await prefetch({ runtime });
    expect(result.fetched.map((f) => f.path)).toEqual(['languages/english/tokenizer.model', 'languages/english/embeddings/alba.safetensors']);
    expect(result.failed).toEqual([expect.objectContaining({ path: 'languages/english/model.safetensors', required: true, error: expect.stringContaining('404') as unknown })]);
  });
});

describe('prefetchFiles (the installed release decides)', () => {
  it.each([
    ['2.1.0', 'languages/english/tokenizer.model@d29db797', 'embeddings/alba.safetensors@e041936c'],
    ['3.3.0', 'languages/english/tokenizer.json@00eac05e', 'embeddings/alba.safetensors@4e1e0a3e'],
    ['4.0.1', 'languages/english/tokenizer.json@00eac05e', 'embeddings/alba.safetensors@a7056f50'],
  ])('%s fetches its own pins', (version, tokenizer, voice) => {
    const files = prefetchFiles({ versions: { pocketTts: version, torch: null, python: null } }, {}).map((f) => `${f.path}@${f.revision.slice(0, 8)}`);
    expect(files[0]).toBe(tokenizer);
    expect(files.at(-1)).toContain(voice);
  });

  it('4.0.1 prefetches plain french (2.1.0 refuses it)', () => {
    expect(prefetchFiles({ versions: { pocketTts: '4.0.1', torch: null, python: null } }, { language: 'french' }).at(-1)?.path).toBe('languages/french/embeddings/estelle.safetensors');
    expect(() => prefetchFiles({ versions: { pocketTts: '2.1.0', torch: null, python: null } }, { language: 'french' })).toThrow(/french_24l/);
  });
});
