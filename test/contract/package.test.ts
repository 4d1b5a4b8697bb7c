// Contract: "Package and runtime" — distribution metadata, Python and PyTorch, threads, missing torch.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../support/fixtures.js';
import { describeResult, exitedOk, lastLine, run } from './support/run.js';
import { killAll } from './support/processes.js';
import { doubleOnly, isDouble, release, target, targetVersion, timeout } from './target.js';

afterAll(killAll);

/** Runs a Python snippet in the target's venv and returns its stdout (asserting success). */
async function py(code: string): Promise<string> {
  const t = target();
  const r = await run(t.python, ['-c', code], { env: t.env() });
  expect(exitedOk(r), describeResult(r)).toBe(true);
  return r.stdout.toString('utf8').trim();
}

const RUNTIME_DEPS = [
  'numpy', 'pydantic', 'sentencepiece', 'safetensors', 'typer', 'typing_extensions', 'fastapi', 'uvicorn',
  'python-multipart', 'scipy', 'einops', 'huggingface_hub', 'requests',
  // 2.1.0 type-checks itself with beartype; 3.3.0 dropped it and reads tokenizer.json with tokenizers.
  ...(release.v3plus ? ['tokenizers'] : ['beartype']),
];

/** PEP 503 normalisation of a requirement's project name. */
function norm(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

describe.concurrent('package and runtime', () => {
  it('distribution pocket-tts is the release under test (the double: 2.1.0+double whatever it imitates)', async () => {
    const v = await py("import importlib.metadata as m; print(m.version('pocket-tts'))");
    // A local label (the double's `+double`) still satisfies `pocket-tts==2.1.0`.
    const expected = isDouble ? '2.1.0' : targetVersion;
    expect(v).toMatch(new RegExp(`^${expected.replaceAll('.', '\\.')}(\\+[A-Za-z0-9.]+)?$`));
  });

  it('console script pocket-tts → pocket_tts.main:cli_app', async () => {
    const v = await py(
      "import importlib.metadata as m; print([e.value for e in m.entry_points(group='console_scripts') if e.name == 'pocket-tts'])",
    );
    expect(v).toBe("['pocket_tts.main:cli_app']");
  });

  it('requires Python >=3.10,<3.15, and runs on such a Python', async () => {
    const out = await py(
      "import importlib.metadata as m, sys; print(m.metadata('pocket-tts')['Requires-Python']); print('%d.%d' % sys.version_info[:2])",
    );
    const [spec, version] = out.split('\n');
    expect((spec ?? '').replace(/\s/g, '').split(',').sort()).toEqual(['<3.15', '>=3.10']);
    const [major, minor] = (version ?? '').split('.').map(Number);
    expect(major).toBe(3);
    expect(minor ?? 0).toBeGreaterThanOrEqual(10);
    expect(minor ?? 99).toBeLessThan(15);
  });

  it('requires torch>=2.5.0, and the installed torch is >= 2.5', async () => {
    const out = await py(
      "import importlib.metadata as m; print([r for r in (m.requires('pocket-tts') or []) if r.split(';')[0].strip().lower().startswith('torch')]); import torch; print(torch.__version__)",
    );
    const [reqs, version] = out.split('\n');
    expect(reqs).toMatch(/torch\s*\(?>=\s*2\.5\.0/);
    const [major, minor] = (version ?? '').split(/[.+]/).map(Number);
    expect((major ?? 0) * 100 + (minor ?? 0)).toBeGreaterThanOrEqual(205);
  });

  it.skipIf(isDouble)('declares the other runtime dependencies (2.1.0: beartype; 3.3.0+: tokenizers instead; the double is stdlib-only by design)', async () => {
    const out = await py("import importlib.metadata as m, json; print(json.dumps(m.requires('pocket-tts') or []))");
    const names = (JSON.parse(out) as string[])
      .filter((r) => !r.includes('extra =='))
      .map((r) => norm(/^[A-Za-z0-9._-]+/.exec(r)?.[0] ?? ''));
    for (const dep of RUNTIME_DEPS) expect(names).toContain(norm(dep));
  });

  it('declares the extras `audio` (soundfile) and `quantize` (torchao)', async () => {
    const out = await py(
      "import importlib.metadata as m, json; md = m.metadata('pocket-tts'); print(json.dumps([md.get_all('Provides-Extra') or [], m.requires('pocket-tts') or []]))",
    );
    const [extras, reqs] = JSON.parse(out) as [string[], string[]];
    expect(extras).toEqual(expect.arrayContaining(['audio', 'quantize']));
    expect(reqs.some((r) => /^soundfile\b/i.test(r) && /extra\s*==\s*["']audio["']/.test(r))).toBe(true);
    expect(reqs.some((r) => /^torchao\b/i.test(r) && /extra\s*==\s*["']quantize["']/.test(r))).toBe(true);
  });

  it('generation runs on one torch thread (torch.set_num_threads(1) at import)', async () => {
    const out = await py('import pocket_tts, torch; print(torch.get_num_threads())');
    expect(out).toBe('1');
  });
});

describe.runIf(doubleOnly.doubleWheels)('a runtime without torch', () => {
  let bin = '';
  beforeAll(async () => {
    const f = fixtures();
    const venv = join(target().tmp('no-torch'), 'venv');
    const mk = await run(f.python, ['-m', 'venv', venv], { env: target().env(), timeoutMs: 120_000 });
    expect(exitedOk(mk), describeResult(mk)).toBe(true);
    const pip = await run(
      join(venv, 'bin', 'python'),
      ['-m', 'pip', 'install', '--no-index', '--find-links', f.wheelhouse, '--no-deps', '--disable-pip-version-check', '--quiet', 'pocket-tts==2.1.0'],
      { env: target().env(), timeoutMs: 120_000 },
    );
    expect(exitedOk(pip), describeResult(pip)).toBe(true);
    bin = join(venv, 'bin', 'pocket-tts');
  }, 180_000);

  it.concurrent.each([
    ['generate', ['generate', '--text', '-', '--output-path', '-']],
    ['export-voice', ['export-voice', 'in.wav', 'out.safetensors']],
    ['serve', ['serve', '--port', '1']],
  ])('%s fails with `ModuleNotFoundError: No module named \'torch\'`, exit 1', { timeout: timeout(30_000) }, async (_name, args) => {
    const r = await run(bin, args, { env: target().env(), input: 'Hello.' });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe("ModuleNotFoundError: No module named 'torch'");
    expect(r.stdout.length).toBe(0);
  });
});
