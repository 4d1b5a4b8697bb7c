// The engine the images are built with: one switch for the whole tier. `double` (the contract double, no
// network for Python packages) runs everywhere; `real` (pocket-tts and CPU torch) needs the real-program
// tier's pieces: torch from the local CPU wheel and a synthetic Hub cache in place of the real weights.
//
//   POCKET_TTS_CONTAINER_ENGINES=double        (default)
//   POCKET_TTS_CONTAINER_ENGINES=double,real
//
// The real engine's recipes (what `.ci/run` runs by default is `single`):
//   POCKET_TTS_CONTAINER_REAL_RECIPES=single    docker/Dockerfile only: the real runtime built and started
//   POCKET_TTS_CONTAINER_REAL_RECIPES=all       (default) also the pool pod and `kube play` with the real engine
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { execa } from 'execa';
import { hubCachePath, requiredHubFiles } from '../../../src/hub/index.js';
import { POCKET_TTS_VERSION } from '../../../src/pins.js';
import { realTierRoot } from '../../real/fixtures.js';
import { CLI } from '../../support/cli.js';
import { buildImage } from './images.js';
import { podman, runTemp, tail } from './podman.js';
import { measure, seconds } from './report.js';

export type EngineName = 'double' | 'real';

/** The HF cache every run uses: English, the catalog voice the recipes name. */
export const LANGUAGE = 'english';
export const CATALOG_VOICES = ['alba'] as const;

export interface EngineVariant {
  name: EngineName;
  /** Build args of the Python images (docker/Dockerfile, docker/Dockerfile.sidecar). */
  buildArgs: Record<string, string>;
  /**
   * Whether `preflight --strict` can pass. The double cannot, by design: its `pocket-tts` check warns that
   * no real speech comes out, and --strict turns every warning into a failure.
   */
  strictPasses: boolean;
  /** Named build contexts (`--build-context NAME=DIR`) of the Python images. */
  buildContexts: Record<string, string>;
  /**
   * A Hub cache folder passed as the recipes' optional `hf-hub` build context (model files for the stages
   * that need the model: voice export), when the build cannot download them.
   */
  hubContext?: () => Promise<string>;
  /** Files added to the app (e.g. its pocket-tts-runtime.config.json). */
  appFiles: Record<string, string>;
  /** Environment for the pool container that makes a generation last a few seconds (to catch it in flight). */
  slowGenerationEnv: Record<string, string>;
  /**
   * A folder holding an HF cache (`hub/models--…/snapshots/<commit>/…`) with every pinned file of the
   * language and its catalog voices: what `pocket-tts-runtime prefetch` writes, which cannot run here.
   */
  hfCache(): Promise<string>;
  /** Why this engine cannot run on this machine, or null. */
  unavailable(): Promise<string | null>;
}

/**
 * PREFETCH=0 for both engines: the weights-1 stage downloads from the Hugging Face Hub, which is out of
 * reach here (and the double's prefetch writes nothing, so its verify-1 stage cannot pass either). The
 * HF cache comes in as a volume instead, filled by the tier where a prefetch would have filled it.
 */
const COMMON_ARGS = { PREFETCH: '0', POCKET_TTS_LANGUAGE: LANGUAGE, POCKET_TTS_VOICES: CATALOG_VOICES.join(',') };

const double: EngineVariant = {
  name: 'double',
  buildArgs: { ...COMMON_ARGS, POCKET_TTS_ENGINE: 'double' },
  // What a user without extra wheels or config builds: the empty `wheels` stage, setup's own double wheelhouse.
  buildContexts: {},
  appFiles: {},
  strictPasses: false,
  // 6 ms of CPU per 80 ms frame instead of 4: a 200-character text takes ~1 s of CPU.
  slowGenerationEnv: { POCKET_TTS_DOUBLE_FRAME_MS: '6' },
  // The double checks that the pinned files exist (offline) but never reads them: stand-in files suffice.
  async hfCache() {
    const dir = await runTemp('hf-double-');
    for (const file of requiredHubFiles({ language: LANGUAGE, catalogVoices: CATALOG_VOICES })) {
      const path = hubCachePath(join(dir, 'hub'), file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `stand-in for ${file.repo}/${file.path}@${file.revision} (the contract double never reads it)\n`);
    }
    return dir;
  },
  unavailable: () => Promise.resolve(null),
};

/** The local CPU build of torch the real engine is installed with (the PyTorch index is out of reach). */
export const TORCH_WHEEL = process.env.POCKET_TTS_TORCH_WHEEL ?? '/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl';

const real: EngineVariant = {
  name: 'real',
  buildArgs: { ...COMMON_ARGS, POCKET_TTS_ENGINE: 'real' },
  // torch's CPU build from the local wheel, handed to the build as the `wheels` context (PyTorch's index is
  // out of reach); pocket-tts and the other packages from the package index.
  buildContexts: { wheels: dirname(TORCH_WHEEL) },
  appFiles: { 'pocket-tts-runtime.config.json': `${JSON.stringify({ runtime: { torchVersion: torchVersionOf(TORCH_WHEEL), torchFindLinks: '/wheels' } }, null, 2)}\n` },
  strictPasses: true,
  // The real model takes seconds for a few sentences on these CPUs.
  slowGenerationEnv: {},
  // The Hub is out of reach: the voices stage exports voices.json with the synthetic model files.
  hubContext: async () => join(await syntheticCache(), 'hub'),
  hfCache: () => syntheticCache(),
  async unavailable() {
    if (!existsSync(TORCH_WHEEL)) return `the local CPU torch wheel ${TORCH_WHEEL} is missing (set POCKET_TTS_TORCH_WHEEL)`;
    const help = await execa(process.execPath, [CLI, 'synthetic-cache', '--help'], { reject: false, stdin: 'ignore' });
    if (!/^Usage: pocket-tts-runtime synthetic-cache/m.test(String(help.stdout))) return 'this build has no `pocket-tts-runtime synthetic-cache` command (the real-program tier, issue 14)';
    const provision = await execa(process.execPath, [CLI, 'provision', '--help'], { reject: false, stdin: 'ignore' });
    if (!String(provision.stdout).includes('--torch-find-links')) return 'this build cannot install torch from a folder (`--torch-find-links`, runtime.torchFindLinks: issue 14)';
    return null;
  },
};

let synthetic: Promise<string> | undefined;

/**
 * The real-program tier's synthetic cache (test/real/global-setup.ts; `.ci/run` builds it before this tier)
 * when it holds the release the image installs (the package's pin) for English: the same command's output
 * for the same release, so the tier need not build another inside the image. A folder holding `hub/`, or null.
 */
export function realTierCache(): string | null {
  const root = realTierRoot();
  return existsSync(join(root, 'hub', `pocket-tts-synthetic-${POCKET_TTS_VERSION}-${LANGUAGE}.json`)) ? root : null;
}

/**
 * The real-program tier's synthetic cache (full-size random weights in the Hub layout, see
 * /work/shared/pocket-tts-contract.md, "Running the real program without the Hub"), built by the image's own
 * runtime: docker/Dockerfile up to its `build` stage (the venv, no model files yet), then
 * `pocket-tts-runtime synthetic-cache` inside it with no network. A folder holding `hub/`; once per run.
 */
function syntheticCache(): Promise<string> {
  synthetic ??= (async () => {
    const reused = realTierCache();
    if (reused !== null) {
      measure({ what: 'synthetic cache (English, every catalog voice)', value: `reused from the real tier (${reused})`, ms: 0 });
      return reused;
    }
    const runtime = await buildImage('Dockerfile', real, 'build');
    measure({ what: 'build docker/Dockerfile --target build (real: npm ci, setup)', value: `${seconds(runtime.ms)}, ${runtime.cachedSteps} of ${runtime.steps} steps from the layer cache`, ms: runtime.ms });
    const dir = await runTemp('hf-real-');
    const made = await podman(['run', '--rm', '--network', 'none', '--volume', `${dir}:/out`, runtime.tag, 'pocket-tts-runtime', 'synthetic-cache', '--out', '/out/hub'], { timeoutMs: 900_000 });
    if (made.exitCode !== 0) throw new Error(`pocket-tts-runtime synthetic-cache in ${runtime.tag} exited ${made.exitCode}:\n${tail(made.all, 40)}`);
    measure({ what: 'synthetic cache (English, every catalog voice), built inside the real image', value: seconds(made.ms), ms: made.ms });
    return dir;
  })();
  return synthetic;
}

export const ENGINES: Record<EngineName, EngineVariant> = { double, real };

/** `2.13.0+cpu` from `torch-2.13.0+cpu-cp311-….whl`. */
function torchVersionOf(wheel: string): string {
  return /^torch-([^-]+)-/.exec(basename(wheel))?.[1] ?? 'unknown';
}

/** Every engine, with the reason it is not run here (null: it runs). */
export interface EngineRun {
  engine: EngineVariant;
  skip: string | null;
}

/**
 * The engines of this run: both are listed, so the output always says what was not run and why. The ones
 * in POCKET_TTS_CONTAINER_ENGINES (default `double`) run unless a prerequisite is missing.
 */
export async function engineRuns(): Promise<EngineRun[]> {
  const names = (process.env.POCKET_TTS_CONTAINER_ENGINES ?? 'double').split(',').map((n) => n.trim()).filter(Boolean);
  for (const name of names) if (!(name in ENGINES)) throw new Error(`POCKET_TTS_CONTAINER_ENGINES: unknown engine "${name}" (double, real)`);
  return Promise.all(
    Object.values(ENGINES).map(async (engine) => ({
      engine,
      skip: names.includes(engine.name) ? await engine.unavailable() : `not selected (POCKET_TTS_CONTAINER_ENGINES=${names.join(',')}; add ${engine.name} to run it)`,
    })),
  );
}

/** The recipes of the tier: the single image, or the pool (compose pod and `kube play`). */
export type Recipe = 'single' | 'pool';

/** Why the real engine does not run this recipe here (POCKET_TTS_CONTAINER_REAL_RECIPES), or null. */
function realRecipeSkip(recipe: Recipe): string | null {
  const scope = process.env.POCKET_TTS_CONTAINER_REAL_RECIPES ?? 'all';
  if (scope !== 'all' && scope !== 'single') throw new Error(`POCKET_TTS_CONTAINER_REAL_RECIPES: unknown value "${scope}" (single, all)`);
  if (scope === 'single' && recipe !== 'single') return 'POCKET_TTS_CONTAINER_REAL_RECIPES=single (what .ci/run runs: the pool images add the same real runtime and the wiring the double already covers; set it to all to run them)';
  return null;
}

/**
 * One describe block per engine this run covers; an engine that is not run gets a single skipped test
 * whose title says why (so the output always names what was left out).
 */
export async function describeEngines(title: string, recipe: Recipe, body: (engine: EngineVariant) => void): Promise<void> {
  const { describe, it } = await import('vitest');
  for (const run of await engineRuns()) {
    const { engine } = run;
    const skip = run.skip ?? (engine.name === 'real' ? realRecipeSkip(recipe) : null);
    if (skip === null) describe(`${title}, engine ${engine.name}`, () => body(engine));
    else it.skip(`${title}, engine ${engine.name}: not run: ${skip}`, () => undefined);
  }
}
