// Builds the recipes' images from the app context on the stand-in bases, once per process per engine.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appContext } from './context.js';
import type { EngineVariant } from './engines.js';
import { BUILD_FLAGS, imageFacts, podman, runTemp, tail } from './podman.js';
import { standIns } from './standins.js';

export type Recipe = 'Dockerfile' | 'Dockerfile.sidecar' | 'Dockerfile.service';

export interface BuiltImage {
  recipe: Recipe;
  tag: string;
  /** Wall time of `podman build` (layer cache included: a warm run reuses unchanged layers). */
  ms: number;
  /** Steps answered from podman's layer cache / steps run. */
  cachedSteps: number;
  steps: number;
  size: number;
  user: string;
  log: string;
}

const built = new Map<string, Promise<BuiltImage>>();
/** The hf_token build secret the Python images are built with: no real token, a string to look for. */
export const HF_TOKEN_STAND_IN = 'hf_containerTierStandInToken0123456789';
const SECRET_VARIABLE = 'PTR_CT_HF_TOKEN';
let logs: Promise<string> | undefined;

/** The local tag of a recipe's image for an engine (the service image has no engine). */
export function imageTag(recipe: Recipe, engine: EngineVariant | null): string {
  const name = { Dockerfile: 'single', 'Dockerfile.sidecar': 'sidecar', 'Dockerfile.service': 'service' }[recipe];
  return `localhost/pocket-tts-runtime-ci/${name}:${engine?.name ?? 'any'}`;
}

/**
 * Builds docker/<recipe> (engine build args for the Python images); memoized. With `target`, only up to that
 * stage (e.g. `build`: the runtime, before any model file is needed), tagged `…:<engine>-<target>`.
 */
export function buildImage(recipe: Recipe, engine: EngineVariant | null, target?: string): Promise<BuiltImage> {
  const tag = `${imageTag(recipe, engine)}${target === undefined ? '' : `-${target}`}`;
  let image = built.get(tag);
  if (image === undefined) {
    image = build(recipe, engine, tag, target);
    built.set(tag, image);
  }
  return image;
}

async function build(recipe: Recipe, engine: EngineVariant | null, tag: string, target: string | undefined): Promise<BuiltImage> {
  const python = recipe !== 'Dockerfile.service' && engine !== null ? engine : null;
  const [bases, context] = await Promise.all([standIns(), appContext(python?.appFiles)]);
  const args = { ...bases.buildArgs, ...python?.buildArgs };
  // The optional model files (`--build-context hf-hub=DIR`) where the engine needs them; not for a partial build.
  const hub = python?.hubContext === undefined || target !== undefined ? {} : { 'hf-hub': await python.hubContext() };
  const flags = [
    ...Object.entries(args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...Object.entries({ ...python?.buildContexts, ...hub }).flatMap(([name, dir]) => ['--build-context', `${name}=${dir}`]),
    ...(target === undefined ? [] : ['--target', target]),
    // A stand-in token as the hf_token build secret, as users pass theirs: the images must not contain it.
    ...(python === null ? [] : ['--secret', `id=hf_token,env=${SECRET_VARIABLE}`]),
  ];
  const result = await podman(['build', ...BUILD_FLAGS, ...flags, '-f', join(context.dir, 'docker', recipe), '-t', tag, context.dir], {
    timeoutMs: 1_800_000,
    env: { [SECRET_VARIABLE]: HF_TOKEN_STAND_IN },
  });
  logs ??= runTemp('logs-');
  const log = join(await logs, `${tag.split('/').pop()!.replace(':', '-')}.build.log`);
  await writeFile(log, result.all);
  if (result.exitCode !== 0) throw new Error(`podman build -f docker/${recipe} (${engine?.name ?? 'no engine'}) failed, exit ${result.exitCode} (log: ${log}, kept with POCKET_TTS_CONTAINERS_KEEP=1):\n${tail(result.all, 50)}`);
  const facts = await imageFacts(tag);
  if (facts === null) throw new Error(`podman build -f docker/${recipe} succeeded but ${tag} is missing`);
  return {
    recipe,
    tag,
    ms: result.ms,
    cachedSteps: (result.all.match(/^--> Using cache /gm) ?? []).length,
    steps: (result.all.match(/^\[\d+\/\d+\] STEP |^STEP \d+\/\d+: /gm) ?? []).length,
    size: facts.size,
    user: facts.user,
    log,
  };
}

/** `1.23 GB` / `456 MB` (decimal units, as registries and `podman images` print them). */
export function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${Math.round(bytes / 1e6)} MB`;
}
