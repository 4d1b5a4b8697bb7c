import { assertWritableHome } from '../config/home.js';
import { access } from 'node:fs/promises';
import { buildDoubleWheelhouse } from '../double/wheelhouse.js';
import { POCKET_TTS_VERSION } from '../pins.js';
import { writeDoubleStandIns } from './double-cache.js';
import { TtsError } from '../errors/index.js';
import { preflight } from '../preflight/preflight.js';
import type { PreflightReport } from '../preflight/schema.js';
import { provision } from '../runtime/provision.js';
import type { ProvisionOptions } from '../runtime/options.js';
import type { Runtime } from '../runtime/types.js';
import { runSteps, type Step, type StepIO } from '../tasks/steps.js';
import { isSyntheticCache } from '../synthetic/marker.js';
import { exportVoices } from '../voices/export.js';
import { voiceEventLine } from '../voices/event-line.js';
import { summaryLine } from '../preflight/render.js';
import type { ExportVoicesResult } from '../voices/types.js';
import { provisionConfig } from './load.js';
import { missingManifest } from './manifest.js';
import { resolveSetup, type ResolvedSetup, type SetupOptions } from './options.js';
import { smokeTest, type SmokeResult } from './smoke.js';

/** What setup did, step by step (also the `--json` output). */
export interface SetupReport {
  ok: boolean;
  engine: 'real' | 'double';
  /** True when the speech is synthetic (the contract double, or a synthetic-cache of random weights): stated in every output. */
  synthetic: boolean;
  /** True when the runtime's HF cache was built by synthetic-cache: real pocket-tts, but the speech is noise. */
  syntheticCache: boolean;
  configFile: string | null;
  home: string;
  runtime: Pick<Runtime, 'id' | 'mode' | 'path' | 'versions' | 'reused'> | null;
  voices: Pick<ExportVoicesResult, 'manifest' | 'out' | 'exported' | 'cached' | 'failed' | 'method'> | null;
  preflight: Pick<PreflightReport, 'exitCode' | 'summary'> & { failures: { id: string; message: string; hint: string | null }[] } | null;
  smoke: SmokeResult | null;
  /** What a second run found already done. */
  reused: string[];
  durationMs: number;
}

/** The state the setup steps share. */
export interface SetupState {
  setup: ResolvedSetup;
  runtime?: Runtime;
  voices?: ExportVoicesResult;
  preflight?: PreflightReport;
  smoke?: SmokeResult;
  reused: string[];
  started: number;
  syntheticCache?: boolean;
}

/**
 * The main job on a fresh machine or in a build step: read the configuration → (double: build its
 * wheelhouse) → provision → export the voices → preflight → speak a test sentence. Idempotent: a second
 * run reuses the runtime and the exported voices and says so. Resolves to the report; rejects with a
 * TtsError when the machine cannot speak.
 */
export async function setup(options: SetupOptions = {}): Promise<SetupReport> {
  const { steps, state } = await setupSteps(options);
  await runSteps(steps, state, options.onEvent);
  return setupReport(state);
}

/** The steps of setup and their state, for the CLI's listr2 view. */
export async function setupSteps(options: SetupOptions = {}): Promise<{ steps: Step<SetupState>[]; state: SetupState }> {
  const state: SetupState = { setup: await resolveSetup(options), reused: [], started: performance.now() };
  await assertWritableHome(state.setup.home);
  const steps: Step<SetupState>[] = [
    { title: 'Read the configuration', run: (s) => Promise.resolve(describeConfig(s.setup)) },
    { title: "Build the contract double's wheelhouse", skip: (s) => (s.setup.engine === 'double' ? false : 'real engine'), run: buildWheelhouse },
    { title: 'Provision the runtime', run: provisionStep },
    { title: 'Export the voices', skip: (s) => (s.setup.manifestExists ? false : `no voices manifest (${s.setup.manifest})`), run: voicesStep },
    { title: 'Preflight', run: preflightStep },
    { title: 'Speak a test sentence', skip: (s) => (s.setup.smoke.enabled ? false : 'disabled (--no-smoke)'), run: smokeStep },
  ];
  state.setup.manifestExists = await access(state.setup.manifest).then(
    () => true,
    () => false,
  );
  // voices.json beside the project is optional; a manifest someone configured is not.
  if (state.setup.manifestConfigured && !state.setup.manifestExists) throw missingManifest(state.setup.manifest);
  return { steps, state };
}

function describeConfig(setup: ResolvedSetup): string {
  const source = setup.configFile ?? 'defaults (no pocket-tts-runtime.config.json)';
  const engine = setup.engine === 'double' ? 'contract double (synthetic speech, no real words)' : 'real pocket-tts';
  return `${source}; engine: ${engine}; home: ${setup.home}${setup.offline ? '; offline' : ''}`;
}

async function buildWheelhouse(state: SetupState): Promise<string> {
  const built = await buildDoubleWheelhouse({ out: state.setup.doubleWheelhouse, pocketTtsVersion: state.setup.config.runtime?.pocketTts ?? POCKET_TTS_VERSION, ...(state.setup.config.runtime?.python === undefined ? {} : { python: state.setup.config.runtime.python }) });
  const wheels = built.wheels.map((wheel) => wheel.split('/').pop()).join(', ');
  const cache = state.setup.doubleCache;
  if (cache === null) return wheels;
  const written = await writeDoubleStandIns(cache, state.setup.config.language ?? 'english', state.setup.config.runtime?.pocketTts ?? POCKET_TTS_VERSION);
  return `${wheels}; offline: stand-in model files in ${cache} (${written} new), the double's own cache`;
}

async function provisionStep(state: SetupState, io: StepIO): Promise<string> {
  const { setup: s } = state;
  if (s.offline && s.wheelhouse === null && s.config.runtime?.mode !== 'system') {
    throw new TtsError('INVALID_CONFIG', 'offline setup needs a wheelhouse to install from', { field: 'wheelhouse', hint: 'Pass --wheelhouse DIR (wheels downloaded on a connected machine with `pip download`), or --engine double.' });
  }
  const runtime = await provision(provisionOptions(s, io));
  state.runtime = runtime;
  state.syntheticCache = await isSyntheticCache(runtime.caches.hfHubCache);
  if (runtime.reused) state.reused.push(`runtime ${runtime.id}`);
  return `${runtime.reused ? 'reused' : 'installed'} ${runtime.id}: pocket-tts ${runtime.versions.pocketTts}${runtime.versions.torch === null ? '' : `, torch ${runtime.versions.torch}`}`;
}

function provisionOptions(s: ResolvedSetup, io: StepIO): ProvisionOptions {
  return {
    ...provisionConfig(s.config),
    home: s.home,
    env: s.env,
    offline: s.offline,
    ...(s.wheelhouse === null ? {} : { wheelhouse: s.wheelhouse }),
    onEvent: (event) => {
      if (event.type === 'start') io.output(event.title);
      else if (event.type === 'output') io.output(`  ${event.line}`);
    },
  };
}

async function voicesStep(state: SetupState, io: StepIO): Promise<string> {
  const result = await exportVoices({
    manifest: state.setup.manifest,
    ...(state.setup.voicesDir === undefined ? {} : { out: state.setup.voicesDir }),
    runtime: need(state.runtime),
    onEvent: (event) => {
      const line = voiceEventLine(event);
      if (line !== null) io.output(line);
    },
  });
  state.voices = result;
  if (result.cached > 0) state.reused.push(count(result.cached, 'exported voice'));
  if (result.failed > 0) {
    const failed = result.voices.filter((v) => v.status === 'failed').map((v) => `${v.name}: ${v.error?.message ?? 'failed'}`);
    throw new TtsError('INVALID_VOICE', `${count(result.failed, 'voice')} could not be exported:\n  ${failed.join('\n  ')}`, { hint: `Fix the sources in ${result.manifest}, then run setup again.` });
  }
  return `${result.exported} exported, ${result.cached} up to date (${result.method})`;
}

async function preflightStep(state: SetupState): Promise<string> {
  const report = await preflight({
    runtime: need(state.runtime),
    offline: state.setup.offline,
    ...(state.setup.config.language === undefined ? {} : { language: state.setup.config.language }),
    ...(state.voices === undefined ? {} : { voicesDir: state.voices.out }),
    env: { ...state.setup.env },
  });
  state.preflight = report;
  if (report.exitCode !== 0) {
    const failures = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.message}${c.hint === null ? '' : `\n    fix: ${c.hint}`}`);
    throw new TtsError('RUNTIME_BROKEN', `preflight failed:\n  ${failures.join('\n  ')}`, { hint: 'Fix the failed checks above (`pocket-tts-runtime preflight` shows them all).' });
  }
  // Which check warned, and why: "1 warning" alone sends the reader to run preflight again.
  const warned = report.checks.filter((c) => c.status === 'warn').map((c) => `${c.id} (${c.message})`);
  return `${summaryLine(report)}${warned.length === 0 ? '' : `; warned: ${warned.join('; ')}`}`;
}

// `1 exported voice`, `2 exported voices`.
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

async function smokeStep(state: SetupState): Promise<string> {
  const s = state.setup;
  const firstVoice = state.voices?.voices.find((v) => v.status !== 'failed')?.name;
  const smoke = await smokeTest(need(state.runtime), s.smoke.text, s.smoke.voice ?? firstVoice, s.smoke.out, state.voices?.out);
  state.smoke = smoke;
  const synthetic = smoke.synthetic ? ' — synthetic speech from the contract double, not real words' : state.syntheticCache === true ? ' — noise: the HF cache holds random weights (synthetic-cache)' : '';
  return `${smoke.file}: ${(smoke.audioMs / 1000).toFixed(2)} s of audio in ${(smoke.wallMs / 1000).toFixed(2)} s (real-time factor ${smoke.realTimeFactor.toFixed(2)}x)${synthetic}`;
}

/** The report of a finished (or failed) run. */
export function setupReport(state: SetupState): SetupReport {
  const { setup: s, runtime, voices, preflight: report, smoke } = state;
  return {
    ok: report?.exitCode === 0 && (smoke !== undefined || !s.smoke.enabled),
    engine: s.engine,
    synthetic: s.engine === 'double' || (runtime?.versions.pocketTts.includes('double') ?? false) || state.syntheticCache === true,
    syntheticCache: state.syntheticCache === true,
    configFile: s.configFile,
    home: s.home,
    runtime: runtime === undefined ? null : { id: runtime.id, mode: runtime.mode, path: runtime.path, versions: runtime.versions, reused: runtime.reused },
    voices: voices === undefined ? null : { manifest: voices.manifest, out: voices.out, exported: voices.exported, cached: voices.cached, failed: voices.failed, method: voices.method },
    preflight: report === undefined ? null : { exitCode: report.exitCode, summary: report.summary, failures: report.checks.filter((c) => c.status === 'fail').map((c) => ({ id: c.id, message: c.message, hint: c.hint })) },
    smoke: smoke ?? null,
    reused: state.reused,
    durationMs: performance.now() - state.started,
  };
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('setup: a previous step did not run (internal ordering error)');
  return value;
}
