import { join } from 'node:path';
import semver from 'semver';
import { installCommands, reachabilityUrl, uvMissing, venvCommand, type InstallTools, type Installer } from '../commands.js';
import type { ResolvedProvisionOptions } from '../options.js';
import { runtimeId } from '../options.js';
import { canInstallFromOutside, findPython } from '../python/find.js';
import { which } from '../../fs/which.js';
import type { ModePlan } from './plan.js';

/** Number of installer commands a venv build runs (venv + installs), known before Python is found. */
export function venvCommandCount(opts: ResolvedProvisionOptions): number {
  return opts.requirements.lockFile === null ? 3 : 2;
}

/** venv mode: find Python, pick uv or pip, and name the runtime after the pins and the interpreter. */
export async function planVenv(opts: ResolvedProvisionOptions): Promise<ModePlan> {
  const uv = opts.installer === 'pip' ? undefined : await which('uv', opts.env);
  if (opts.installer === 'uv' && uv === undefined) throw uvMissing();
  const installer: Installer = uv === undefined ? 'pip' : 'uv';
  const found = await findPython({ ...(opts.python === undefined ? {} : { python: opts.python }), env: opts.env, needsVenvModule: installer === 'pip' });
  const pyVersion = semver.coerce(found.info.version);
  const inputs = {
    mode: 'venv',
    pocketTts: opts.requirements.pocketTts,
    torch: opts.requirements.torch,
    extras: opts.requirements.extras,
    python: { path: found.info.realpath, version: found.info.version },
    indexUrl: opts.index.indexUrl,
    torchIndexUrl: opts.index.torchIndexUrl,
    // Absent (not null) when unused, so runtimes provisioned before this option keep their ids.
    torchFindLinks: opts.index.torchFindLinks ?? undefined,
    torchAllowCuda: opts.allowCudaTorch ? true : undefined,
    wheelhouse: opts.index.wheelhouse,
    wheelhouseDigest: opts.wheelhouseDigest,
    lockSha256: opts.lockSha256,
  };
  const venvPython = (buildDir: string): string => join(buildDir, 'venv', 'bin', 'python');
  // The interpreter itself, not the command that found it: a pyenv shim would rehash after every pip run
  // (and fail when its shims folder is busy), and wrappers add start-up time to every step.
  const tools: InstallTools = { python: found.info.executable, uv: uv ?? null, outsidePip: installer === 'pip' && canInstallFromOutside(found.info) };
  return {
    id: runtimeId(`venv-${opts.requirements.pocketTts}-py${pyVersion?.major ?? 3}.${pyVersion?.minor ?? 0}`, inputs),
    inputs: { ...inputs, pythonCandidates: found.log },
    installer,
    usesUv: installer === 'uv',
    summary: `Python ${found.info.version} (${found.info.executable}), installer ${installer}`,
    reachabilityUrl: reachabilityUrl(opts.index),
    commands: (buildDir) => [
      venvCommand(installer, tools, join(buildDir, 'venv')),
      ...installCommands(installer, tools, venvPython(buildDir), opts.requirements, opts.index),
    ],
    prefixes: (buildDir) => ({
      pocketTts: { file: join(buildDir, 'venv', 'bin', 'pocket-tts'), args: [] },
      python: { file: venvPython(buildDir), args: [] },
    }),
  };
}
