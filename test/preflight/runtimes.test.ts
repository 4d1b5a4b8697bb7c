import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubCachePath, requiredHubFiles } from '../../src/hub/files.js';
import { preflight, preflightReportSchema, type PreflightReport } from '../../src/preflight/index.js';
import type { PreflightOptions } from '../../src/preflight/options.js';
import { fillHubCache } from '../contract/support/hf-cache.js';
import { envFor, IMPORT_ERROR, provisionVariant, removeTemps, tempDir, type TestRuntime, type Variant } from './support/runtimes.js';
import { sineWav } from '../../src/audio/index.js';

const VARIANTS: Variant[] = ['healthy', 'torch-2.4.1', 'cuda', 'torch-import-error', 'torch-missing'];
const rt = {} as Record<Variant, TestRuntime>;
let noVoices: string;

function status(report: PreflightReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

function check(report: PreflightReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no ${id} check`);
  return found;
}

async function run(variant: Variant, options: PreflightOptions = {}): Promise<PreflightReport> {
  const t = rt[variant];
  const report = await preflight({ home: t.home, env: envFor(t), voicesDir: noVoices, ...options });
  expect(preflightReportSchema.safeParse(report).success).toBe(true);
  return report;
}

beforeAll(async () => {
  noVoices = join(await tempDir('ptr-pf-voices-'), 'none');
  // One real venv per variant, built concurrently and shared by every test in this file.
  const built = await Promise.all(VARIANTS.map(provisionVariant));
  VARIANTS.forEach((variant, i) => (rt[variant] = built[i] as TestRuntime));
});

afterAll(() => removeTemps(VARIANTS.map((variant) => rt[variant])));

describe('preflight against real runtimes (contract double wheels, real venv + pip)', () => {
  it('a healthy runtime passes: only the double is flagged', async () => {
    const report = await run('healthy');
    expect(status(report)).toEqual({
      executable: 'pass', python: 'pass', torch: 'pass', 'pocket-tts': 'warn', 'hf-cache': 'pass', 'pocket-tts-cache': 'pass',
      offline: 'skip', voices: 'skip', 'hf-token': 'skip', port: 'skip', disk: 'pass', memory: 'pass',
    });
    expect(report).toMatchObject({ exitCode: 0, ok: true, summary: { pass: 7, warn: 1, fail: 0, skip: 4 } });
    expect(check(report, 'pocket-tts').message).toBe(`contract double installed: no real speech (pocket-tts 2.1.0+double)`);
    expect(check(report, 'executable').message).toContain(`venv runtime ${rt.healthy.runtime.id}: `);
    expect(report.runtime).toMatchObject({ mode: 'venv', versions: { pocketTts: `2.1.0+double`, torch: '2.13.0+cpu' }, caches: { hfHubCache: join(rt.healthy.hfHome, 'hub') }, offline: false });
    expect(report.probe).toMatchObject({ ok: true, facts: { torch: { double: true }, pocketTts: { double: true, requiresPython: '>=3.10,<3.15' } } });
    // Dependencies come from the installed metadata: the double declares only torch.
    expect(report.probe.facts?.dependencies).toEqual([{ name: 'torch', requirement: 'torch>=2.5.0', specifier: '>=2.5.0', module: 'torch', version: '2.13.0+cpu', satisfied: true, error: null }]);
    expect(report.checks.map((c) => c.id)).toEqual(['executable', 'python', 'torch', 'pocket-tts', 'hf-cache', 'pocket-tts-cache', 'offline', 'voices', 'hf-token', 'port', 'disk', 'memory']);
  });

  it('--strict turns the double warning into exit code 1', async () => {
    expect(await run('healthy', { strict: true })).toMatchObject({ exitCode: 1, ok: false, strict: true });
  });

  it('torch 2.4.1 fails torch with the reason pocket-tts gives', async () => {
    const report = await run('torch-2.4.1');
    expect(check(report, 'torch')).toMatchObject({
      status: 'fail',
      message: 'torch 2.4.1+cpu is older than 2.5.0: pocket-tts requires torch>=2.5.0 (PyTorch 2.4 produced wrong audio)',
      hint: expect.stringMatching(/^pocket-tts-runtime provision --home \S+ (--pocket-tts-version 2\.1\.0 )?--wheelhouse \S+ --force$/) as unknown,
    });
    expect(report.exitCode).toBe(1);
  });

  it('torch missing fails torch with the import error, and pocket-tts points at it', async () => {
    const report = await run('torch-missing');
    expect(check(report, 'torch')).toMatchObject({ status: 'fail', message: "import torch fails: ModuleNotFoundError: No module named 'torch'" });
    expect(check(report, 'pocket-tts')).toMatchObject({ status: 'fail', message: 'import pocket_tts fails because import torch does (see torch)' });
    expect(status(report)).toMatchObject({ executable: 'pass', python: 'pass' });
    expect(report.probe.facts?.dependencies?.[0]?.error?.line).toBe('torch is not installed');
  });

  it('a torch that cannot load its shared library fails with the Python error\'s last line', async () => {
    const report = await run('torch-import-error');
    expect(check(report, 'torch')).toMatchObject({ status: 'fail', message: `import torch fails: ${IMPORT_ERROR}` });
  });

  it('a CUDA torch warns', async () => {
    const report = await run('cuda');
    expect(check(report, 'torch')).toMatchObject({ status: 'warn', message: expect.stringContaining('torch 2.6.0+cu124 is a CUDA build (CUDA 12.4)') as unknown });
    expect(report.exitCode).toBe(0);
  });

  it('an HF cache path under a regular file fails with the hint', async () => {
    const root = await tempDir('ptr-pf-blocked-');
    await writeFile(join(root, 'file'), 'x');
    const report = await run('healthy', { hfHubCache: join(root, 'file', 'hub') });
    expect(check(report, 'hf-cache')).toMatchObject({
      status: 'fail',
      message: `HF_HUB_CACHE ${join(root, 'file', 'hub')} cannot be created: ${join(root, 'file')} is a file, not a folder (ENOTDIR)`,
      hint: expect.stringContaining(`pocket-tts-runtime provision --home ${rt.healthy.home} --hf-hub-cache <writable folder>`) as unknown,
    });
    expect(report.exitCode).toBe(1);
  });

  it('offline with missing files lists them with the fetch commands; the double agrees on the paths', async () => {
    const hfHome = await tempDir('ptr-pf-offline-');
    const hub = join(hfHome, 'hub');
    await fillHubCache(hub, { language: 'english', gated: false, voices: ['alba'] });
    const complete = await run('healthy', { offline: true, hfHome });
    expect(check(complete, 'offline')).toMatchObject({ status: 'pass' });
    expect(await speaksOffline(rt.healthy, hfHome)).toBe(0);

    const voice = requiredHubFiles({ language: 'english', version: '2.1.0' }).find((f) => f.kind === 'voice');
    await rm(hubCachePath(hub, voice!));
    const missing = await run('healthy', { offline: true, hfHome });
    expect(check(missing, 'offline')).toMatchObject({
      status: 'fail',
      message: `1 of 3 required files are missing from ${hub}: catalog voice alba (english): kyutai/pocket-tts-without-voice-cloning/languages/english/embeddings/alba.safetensors@e041936`,
      hint: `HF_HOME=${hfHome} hf download kyutai/pocket-tts-without-voice-cloning languages/english/embeddings/alba.safetensors --revision e041936c75475d350b405bc870bcf7c22da4e9e6`,
    });
    expect(await speaksOffline(rt.healthy, hfHome)).toBe(1);
  });

  it('offline lists every missing file for a language with cloning configured', async () => {
    const hfHome = await tempDir('ptr-pf-empty-');
    const report = await run('healthy', { offline: true, hfHome, language: 'english_2026-01', cloning: true });
    const offline = check(report, 'offline');
    expect(offline.status).toBe('fail');
    expect(offline.message).toContain('3 of 3 required files are missing');
    expect(offline.hint?.split('\n')).toEqual([
      `HF_HOME=${hfHome} hf download kyutai/pocket-tts-without-voice-cloning tokenizer.model languages/english_2026-01/model.safetensors --revision d29db7978e464fb90cb3359ee0c69a273b9142cc`,
      `HF_HOME=${hfHome} hf download kyutai/pocket-tts-without-voice-cloning languages/english_2026-01/embeddings/alba.safetensors --revision e041936c75475d350b405bc870bcf7c22da4e9e6`,
      `HF_TOKEN=<token with access> HF_HOME=${hfHome} hf download kyutai/pocket-tts languages/english_2026-01/model.safetensors --revision 39592ff23c9ef80098bb74895d104c26275fe2c9`,
    ]);
    expect(check(report, 'hf-token').status).toBe('warn');
  });

  it('checks an exported voice written by the double itself', async () => {
    const dir = await tempDir('ptr-pf-exported-');
    const file = join(dir, 'anna.safetensors');
    const wav = join(dir, 'anna.wav');
    await writeFile(wav, pcmWav());
    await execa(rt.healthy.runtime.pocketTts.file, ['export-voice', wav, file, '-q'], { env: envFor(rt.healthy) });
    const size = (await import('node:fs')).statSync(file).size;
    await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 1, voices: { anna: { file: 'anna.safetensors', size, source: wav, sha256: 'x' } } }));
    expect(check(await run('healthy', { voicesDir: dir }), 'voices')).toMatchObject({ status: 'pass', message: `1 exported voice in ${dir}, all valid safetensors` });
  });

  it('without a runtime: executable fails with the provision command, runtime checks skip, a report still comes', async () => {
    const home = join(await tempDir('ptr-pf-none-'), 'home');
    const report = await preflight({ home, env: { ...envFor(rt.healthy) }, voicesDir: noVoices });
    expect(check(report, 'executable')).toMatchObject({ status: 'fail', message: `no runtime is provisioned in ${home}`, hint: `pocket-tts-runtime provision --home ${home}` });
    for (const id of ['python', 'torch', 'pocket-tts', 'hf-cache', 'offline']) expect(check(report, id)).toMatchObject({ status: 'skip', message: 'needs a runtime (see executable)' });
    expect(report).toMatchObject({ exitCode: 1, runtime: null, probe: { ok: false, reason: 'no-runtime' } });
  });

  it('checks a system runtime through --executable, reading its Python from the #! line', async () => {
    const report = await run('healthy', { executable: rt.healthy.runtime.pocketTts.file });
    expect(report.runtime?.mode).toBe('system');
    expect(status(report)).toMatchObject({ executable: 'pass', python: 'pass', torch: 'pass', 'pocket-tts': 'warn' });
  });
});

// The double's own offline rule (the contract's table) must agree with preflight's.
async function speaksOffline(t: TestRuntime, hfHome: string): Promise<number | undefined> {
  await mkdir(dirname(hfHome), { recursive: true });
  const result = await execa(t.runtime.pocketTts.file, ['generate', '--text', '-', '--output-path', '-', '-q'], {
    input: 'Hello.', reject: false, encoding: 'buffer',
    env: { ...envFor(t), HF_HOME: hfHome, HF_HUB_CACHE: join(hfHome, 'hub'), HF_HUB_OFFLINE: '1', POCKET_TTS_DOUBLE_LOAD_MS: '0' },
  });
  return result.exitCode;
}

// A 0.2 s mono 24 kHz silent WAV, enough for the double's export-voice.
function pcmWav(): Buffer {
  return sineWav({ seconds: 0.2, amplitude: 0 });
}
