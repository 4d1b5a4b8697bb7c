// Hand-written facts for table-driven check tests: a healthy real-looking runtime and probe, overridable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeFacts, ProbeOutcome } from '../../src/preflight/facts/probe-schema.js';
import type { Facts, FactsWithRuntime, ResolvedPreflightOptions } from '../../src/preflight/facts/types.js';
import type { Runtime } from '../../src/runtime/types.js';

/** Options as resolvePreflightOptions() would give them (English, online, nothing configured). */
export function options(over: Partial<ResolvedPreflightOptions> = {}): ResolvedPreflightOptions {
  return {
    home: '/srv/ptr', offline: false, strict: false, language: 'english', voices: ['alba'], voicesDir: '/srv/app/.pocket-tts/voices',
    cloning: false, server: null, quantize: false, minFreeBytes: 1024 ** 3, env: { HOME: '/home/app' }, ...over,
  };
}

/** A provisioned venv runtime (paths need not exist unless a check touches them). */
export function runtime(over: Partial<Runtime> = {}): Runtime {
  const path = over.path ?? '/srv/ptr/runtimes/.store/venv-2.1.0-py3.11-abc.x1';
  return {
    schemaVersion: 1, mode: 'venv', id: 'venv-2.1.0-py3.11-abc', path, home: '/srv/ptr',
    pocketTts: { file: `${path}/venv/bin/pocket-tts`, args: [] }, python: { file: `${path}/venv/bin/python`, args: [] },
    versions: { pocketTts: '2.1.0', torch: '2.6.0+cpu', python: '3.11.7' },
    env: { HF_HOME: '/srv/hf', HF_HUB_CACHE: '/srv/hf/hub' },
    caches: { hfHome: '/srv/hf', hfHubCache: '/srv/hf/hub', pocketTts: '/home/app/.cache/pocket_tts', uv: null },
    installer: 'pip', inputs: { mode: 'venv' }, createdAt: '2025-01-01T00:00:00.000Z', reused: true, ...over,
  };
}

const REAL_DEPS = [
  ['torch', '>=2.5.0', '2.6.0+cpu', 'torch'], ['numpy', '>=2', '2.1.3', 'numpy'], ['fastapi', '>=0.100', '0.115.6', 'fastapi'],
  ['uvicorn', '>=0.13.0', '0.34.0', 'uvicorn'], ['sentencepiece', '>=0.2.1', '0.2.0', 'sentencepiece'], ['safetensors', '>=0.4.0', '0.5.2', 'safetensors'],
  ['scipy', '>=1.5.0', '1.15.1', 'scipy'], ['huggingface_hub', '>=0.13.0', '0.28.1', 'huggingface_hub'], ['python-multipart', '>=0.0.21', '0.0.21', 'multipart'],
] as const;

/** What the probe reports for a healthy real pocket-tts 2.1.0 runtime (override any part). */
export function probeFacts(over: Partial<ProbeFacts> = {}, prefix = '/srv/ptr/runtimes/.store/venv-2.1.0-py3.11-abc.x1/venv'): ProbeFacts {
  const site = `${prefix}/lib/python3.11/site-packages`;
  return {
    schemaVersion: 1,
    python: { version: '3.11.7', executable: `${prefix}/bin/python`, realpath: '/usr/bin/python3.11', prefix, basePrefix: '/usr', implementation: 'cpython', pythonpath: false },
    metadata: true,
    torch: { version: '2.6.0+cpu', distVersion: '2.6.0+cpu', cuda: null, cudaAvailable: false, file: `${site}/torch/__init__.py`, double: false, error: null },
    pocketTts: {
      distVersion: '2.1.0', version: null, double: false, file: `${site}/pocket_tts/__init__.py`, requiresPython: '>=3.10,<3.15', requiresPythonSatisfied: true,
      error: null, entryPoint: { value: 'pocket_tts.main:cli_app', error: null },
    },
    dependencies: REAL_DEPS.map(([name, spec, version, module]) => ({ name, requirement: `${name}${spec}`, specifier: spec, module, version, satisfied: true, error: null })),
    durationMs: 1200,
    ...over,
  };
}

type FactsOver = { probe?: ProbeFacts | ProbeOutcome; options?: Partial<ResolvedPreflightOptions> };

/** Facts for a check; `probe` may be facts (ok) or a whole outcome. With a runtime (the default), any check takes them. */
export function facts(over?: FactsOver & { runtime?: Runtime }): FactsWithRuntime;
export function facts(over: FactsOver & { runtime: Runtime | null }): Facts;
export function facts(over: FactsOver & { runtime?: Runtime | null } = {}): Facts {
  const rt = over.runtime === undefined ? runtime() : over.runtime;
  const probe = over.probe ?? probeFacts();
  const outcome: ProbeOutcome = 'ok' in probe ? probe : { ok: true, facts: probe, wallMs: 1300 };
  return {
    options: options(over.options),
    runtime: rt,
    runtimeProblem: rt === null ? { code: 'EXECUTABLE_NOT_FOUND', message: 'no runtime is provisioned in /srv/ptr', hint: 'pocket-tts-runtime provision --home /srv/ptr' } : null,
    probe: Promise.resolve(outcome),
  };
}

/** A probe that did not produce facts. */
export function probeFailed(reason: 'no-runtime' | 'no-python' | 'failed', message = 'boom'): ProbeOutcome {
  return { ok: false, reason, message, stderr: null, wallMs: null };
}

const temps: string[] = [];

/** A temp folder for one test file; remove them all with {@link removeTempDirs} in afterAll. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes the folders {@link tempDir} made. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
