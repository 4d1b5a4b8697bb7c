import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheEnv, resolveCaches } from '../config/caches.js';
import { assertWritableHome, homeLayout } from '../config/home.js';
import { runSteps, type Step } from '../tasks/steps.js';
import { assertReachable, runPlanned } from './install.js';
import { installerEnv } from './commands.js';
import { acquireLock, type ReleaseLock } from './lock.js';
import { persistentEnv, readMarker, writeMarker } from './marker.js';
import type { ModePlan } from './modes/plan.js';
import { planSystem } from './modes/system.js';
import { planUvx } from './modes/uvx.js';
import { planVenv, venvCommandCount } from './modes/venv.js';
import { resolveProvisionOptions, type ProvisionOptions, type ResolvedProvisionOptions } from './options.js';
import { activate, collectGarbage, newBuildDir, slotFor, type RuntimeSlot } from './store.js';
import type { Runtime } from './types.js';
import { cudaRefusal } from './torch.js';
import { verifyRuntime, type RuntimeVersions } from './verify.js';

/** State shared by the provisioning steps; each step fills what later ones need. */
interface ProvisionState {
  opts: ResolvedProvisionOptions;
  plan?: ModePlan;
  slot?: RuntimeSlot;
  release?: ReleaseLock;
  existing?: Runtime | null;
  buildDir?: string;
  versions?: RuntimeVersions | null;
  runtime?: Runtime;
}

/**
 * Creates or reuses a pinned pocket-tts runtime and makes it the home's current one. Installs happen in
 * a fresh folder beside the target under a per-runtime lock; the completion marker is written last and
 * the runtime switched in atomically, so an interrupted run never damages a working runtime.
 */
export async function provision(options: ProvisionOptions = {}): Promise<Runtime> {
  const { steps, state } = await provisionSteps(options);
  try {
    await runSteps(steps, state, state.opts.onEvent);
  } finally {
    await cleanup(state);
  }
  return need(state.runtime, 'runtime');
}

/** The provisioning steps and their state, for callers that render them (the CLI's listr2 view). */
export async function provisionSteps(options: ProvisionOptions = {}): Promise<{ steps: Step<ProvisionState>[]; state: ProvisionState; cleanup: () => Promise<void> }> {
  const opts = await resolveProvisionOptions(options);
  await assertWritableHome(opts.home);
  const state: ProvisionState = { opts };
  const reused = (s: ProvisionState): string | false => (s.existing != null && !s.opts.force ? 'reused: already installed and verified' : false);
  const steps: Step<ProvisionState>[] = [
    { title: titleFor(opts), run: findStep },
    { title: 'Lock the runtime', run: lockStep },
    { title: 'Check the package index', skip: (s) => reused(s) || (need(s.plan, 'plan').reachabilityUrl === null ? 'nothing to probe (wheelhouse, or torch from a folder and the installer\'s own index)' : false), run: reachStep },
    ...buildSteps(opts).map((step) => ({ ...step, skip: reused })),
    { title: 'Verify the runtime', skip: reused, run: verifyStep },
    { title: 'Activate', run: activateStep },
  ];
  return { steps, state, cleanup: () => cleanup(state) };
}

function titleFor(opts: ResolvedProvisionOptions): string {
  return { venv: 'Find Python', uvx: 'Find uvx', system: 'Find pocket-tts' }[opts.mode];
}

async function findStep(state: ProvisionState, io: { setTitle(t: string): void }): Promise<string> {
  const plans = { venv: planVenv, uvx: planUvx, system: planSystem };
  state.plan = await plans[state.opts.mode](state.opts);
  io.setTitle(`${titleFor(state.opts)}: ${state.plan.summary}`);
  return state.plan.summary;
}

async function lockStep(state: ProvisionState, io: { output(line: string): void }): Promise<string> {
  const plan = need(state.plan, 'plan');
  const runtimes = homeLayout(state.opts.home).runtimes;
  await mkdir(join(runtimes, '.store'), { recursive: true });
  const slot = slotFor(runtimes, plan.id);
  state.slot = slot;
  state.release = await acquireLock(slot.lockFile, {
    purpose: `provision ${plan.id}`,
    timeoutMs: state.opts.lockTimeoutMs,
    ...(state.opts.signal === undefined ? {} : { signal: state.opts.signal }),
    onWait: (owner, waitedMs) =>
      io.output(`waiting for ${owner === null ? 'another process' : `pid ${owner.pid} on ${owner.host} (${owner.purpose})`} to finish (${Math.round(waitedMs / 1000)} s so far)`),
  });
  const removed = await collectGarbage(slot, runtimes);
  for (const dir of removed) io.output(`removed debris of an interrupted or replaced install: ${dir}`);
  state.existing = await readMarker(slot.link);
  return state.existing === null ? `${plan.id}: not installed yet` : `${plan.id}: found complete`;
}

async function reachStep(state: ProvisionState): Promise<void> {
  const url = need(state.plan, 'plan').reachabilityUrl;
  if (url !== null) await assertReachable(url, state.opts.env);
}

// One step per installer command; the commands depend on the build folder, known only after the lock.
function buildSteps(opts: ResolvedProvisionOptions): Step<ProvisionState>[] {
  const count = opts.mode === 'venv' ? venvCommandCount(opts) : 0;
  return Array.from({ length: count }, (_, index) => ({
    title: index === 0 ? 'Create the virtualenv' : `Install packages (${index}/${count - 1})`,
    run: async (state: ProvisionState, io) => {
      if (state.buildDir === undefined) {
        state.buildDir = await newBuildDir(need(state.slot, 'slot'));
        await writeFile(installLog(state), `# ${new Date().toISOString()} build ${state.buildDir}\n`);
      }
      const command = need(need(state.plan, 'plan').commands(state.buildDir)[index], 'command');
      io.setTitle(command.title);
      await runPlanned(command, { env: installEnv(state.opts), io, logFile: installLog(state), signal: state.opts.signal });
    },
  }));
}

async function verifyStep(state: ProvisionState): Promise<string> {
  state.buildDir ??= await newBuildDir(need(state.slot, 'slot'));
  const { pocketTts, python } = need(state.plan, 'plan').prefixes(state.buildDir);
  state.versions = await verifyRuntime(python, pocketTts, { ...state.opts.env, ...runtimeEnv(state) });
  const refused = state.versions === null ? null : cudaRefusal(state.versions, state.opts.allowCudaTorch);
  if (refused !== null) throw refused;
  if (state.versions === null) return 'pocket-tts --help works';
  const cuda = state.versions.cuda === null ? '' : ` (WARNING: a CUDA ${state.versions.cuda} build, accepted by --torch-allow-cuda)`;
  return `pocket-tts ${state.versions.pocketTts}, torch ${state.versions.torch}${cuda}, Python ${state.versions.python}`;
}

async function activateStep(state: ProvisionState): Promise<string> {
  const slot = need(state.slot, 'slot');
  const current = homeLayout(state.opts.home).current;
  if (state.existing != null && !state.opts.force) {
    const runtime = { ...state.existing, env: runtimeEnv(state), caches: caches(state), reused: true };
    if (JSON.stringify(persistentEnv(runtime.env)) !== JSON.stringify(state.existing.env)) await writeMarker(state.existing.path, { ...runtime, reused: false });
    await activate(slot, runtime.path, current);
    state.runtime = runtime;
    return `reused ${slot.id}`;
  }
  const buildDir = need(state.buildDir, 'buildDir');
  const runtime = buildRuntime(state, buildDir);
  if (state.opts.requirements.lockFile !== null) await copyFile(state.opts.requirements.lockFile, join(buildDir, 'requirements.lock.txt'));
  await writeMarker(buildDir, runtime);
  await activate(slot, buildDir, current);
  state.buildDir = undefined;
  state.runtime = runtime;
  return `installed ${slot.id}`;
}

function buildRuntime(state: ProvisionState, buildDir: string): Runtime {
  const plan = need(state.plan, 'plan');
  const { pocketTts, python } = plan.prefixes(buildDir);
  const versions = state.versions ?? null;
  return {
    schemaVersion: 1,
    mode: state.opts.mode,
    id: plan.id,
    path: buildDir,
    home: state.opts.home,
    pocketTts,
    python,
    versions: { pocketTts: versions?.pocketTts ?? state.opts.requirements.pocketTts, torch: versions?.torch ?? null, python: versions?.python ?? null },
    env: runtimeEnv(state),
    caches: caches(state),
    installer: plan.installer,
    inputs: plan.inputs,
    createdAt: new Date().toISOString(),
    reused: false,
  };
}

// Beside the slot, not inside the build folder: a failed build is removed but its log must stay.
function installLog(state: ProvisionState): string {
  const slot = need(state.slot, 'slot');
  return `${slot.link}.install.log`;
}

function caches(state: ProvisionState): Runtime['caches'] {
  return resolveCaches(state.opts.caches, state.opts.env, need(state.plan, 'plan').usesUv);
}

// This invocation's environment (offline included); the marker keeps only its persistentEnv().
function runtimeEnv(state: ProvisionState): Record<string, string> {
  return cacheEnv(caches(state), state.opts.caches.offline ?? false);
}

// Installers get the caller's environment plus the uv cache location (pip keeps its own cache).
function installEnv(opts: ResolvedProvisionOptions): NodeJS.ProcessEnv {
  return installerEnv(opts.env, opts.index, resolveCaches(opts.caches, opts.env, true).uv);
}

// A failed or interrupted build folder is removed now; a killed process leaves it to the next run's GC.
async function cleanup(state: ProvisionState): Promise<void> {
  if (state.buildDir !== undefined) await rm(state.buildDir, { recursive: true, force: true });
  state.buildDir = undefined;
  const release = state.release;
  state.release = undefined;
  await release?.();
}

function need<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`provision: ${what} is not set (internal ordering error)`);
  return value;
}
