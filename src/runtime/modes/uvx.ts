import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { TtsError } from '../../errors/index.js';
import { reachabilityUrl, uvPythonPrefix, uvxPrefix } from '../commands.js';
import type { ResolvedProvisionOptions } from '../options.js';
import { runtimeId } from '../options.js';
import { which } from '../../fs/which.js';
import type { ModePlan } from './plan.js';

/** uvx mode: nothing installed by us; uv resolves and caches the pinned environment on first run. */
export async function planUvx(opts: ResolvedProvisionOptions): Promise<ModePlan> {
  const uvx = await which('uvx', opts.env);
  if (uvx === undefined) {
    throw new TtsError('EXECUTABLE_NOT_FOUND', 'uvx is not on PATH', {
      hint: 'Install uv (it provides uvx), or use --mode venv (the default).',
    });
  }
  const uv = (await which(join(dirname(uvx), 'uv'), opts.env)) ?? (await which('uv', opts.env)) ?? null;
  const torchBackend = opts.index.wheelhouse === null && opts.index.torchFindLinks === null && (await knowsTorchBackend(uvx, opts.env));
  const python = opts.python ?? null;
  const inputs = {
    mode: 'uvx',
    pocketTts: opts.requirements.pocketTts,
    torch: opts.requirements.torch,
    extras: opts.requirements.extras,
    python,
    indexUrl: opts.index.indexUrl,
    torchIndexUrl: opts.index.torchIndexUrl,
    // Absent (not null) when unused, so runtimes provisioned before this option keep their ids.
    torchFindLinks: opts.index.torchFindLinks ?? undefined,
    torchAllowCuda: opts.allowCudaTorch ? true : undefined,
    wheelhouse: opts.index.wheelhouse,
    wheelhouseDigest: opts.wheelhouseDigest,
    lockSha256: opts.lockSha256,
  };
  const [, ...pocketArgs] = uvxPrefix(uvx, opts.requirements, opts.index, torchBackend, python);
  const pythonPrefix = uv === null ? null : uvPythonPrefix(uv, opts.requirements, opts.index, torchBackend, python);
  return {
    id: runtimeId(`uvx-${opts.requirements.pocketTts}`, inputs),
    inputs: { ...inputs, uvx, torchBackend },
    installer: null,
    usesUv: true,
    summary: `uvx at ${uvx}${torchBackend ? ' (--torch-backend cpu)' : ''}`,
    reachabilityUrl: reachabilityUrl(opts.index),
    commands: () => [],
    prefixes: () => ({
      pocketTts: { file: uvx, args: pocketArgs },
      python: pythonPrefix === null ? null : { file: pythonPrefix[0], args: pythonPrefix.slice(1) },
    }),
  };
}

// `--torch-backend` came to `uv tool run` late; older uv gets the CPU index as an explicit index instead.
async function knowsTorchBackend(uvx: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const help = await execa(uvx, ['--help'], { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 15_000 });
  return !help.failed && help.stdout.includes('--torch-backend');
}
