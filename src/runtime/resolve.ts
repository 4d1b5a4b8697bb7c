import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cacheEnv, resolveCaches, type CacheOptions } from '../config/caches.js';
import { homeLayout, resolveHome } from '../config/home.js';
import { TtsError } from '../errors/index.js';
import { POCKET_TTS_VERSION } from '../pins.js';
import { readMarker } from './marker.js';
import { findPocketTts, shebangPython } from './modes/system.js';
import { runtimeId } from './options.js';
import type { Runtime } from './types.js';

/** How to find the runtime to use. With nothing set: the home's current runtime. */
export interface ResolveRuntimeOptions extends CacheOptions {
  home?: string;
  /** A Runtime object (returned as is), a runtime folder, or a runtime id in the home. */
  runtime?: Runtime | string;
  /** Use this existing `pocket-tts` directly (system mode, nothing provisioned). */
  executable?: string;
  /** Environment to read from (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Which `pocket-tts` to run, how, and with which environment. Reads the completion marker only (no
 * process is started), so it is cheap enough to call per service start.
 */
export async function resolveRuntime(options: ResolveRuntimeOptions = {}): Promise<Runtime> {
  const env = options.env ?? process.env;
  if (typeof options.runtime === 'object') return withOverrides(options.runtime, options);
  if (options.executable !== undefined) return systemRuntime(options.executable, options, env);
  const home = resolveHome(options.home, env);
  const dir = runtimeDir(home, options.runtime);
  const runtime = await readMarker(dir);
  if (runtime === null) {
    throw new TtsError('EXECUTABLE_NOT_FOUND', options.runtime === undefined ? `no runtime is provisioned in ${home}` : `no complete runtime at ${dir}`, {
      hint: `Run \`pocket-tts-runtime provision --home ${home}\` (or \`pocket-tts-runtime setup\`) first.`,
    });
  }
  await assertExecutable(runtime);
  return withOverrides({ ...runtime, reused: true }, options);
}

function runtimeDir(home: string, runtime: string | undefined): string {
  if (runtime === undefined) return homeLayout(home).current;
  return runtime.includes('/') ? runtime : join(homeLayout(home).runtimes, runtime);
}

async function assertExecutable(runtime: Runtime): Promise<void> {
  try {
    await access(runtime.pocketTts.file, constants.X_OK);
  } catch (error) {
    throw new TtsError('RUNTIME_BROKEN', `the runtime ${runtime.id} is incomplete: ${runtime.pocketTts.file} is missing`, {
      hint: `Run \`pocket-tts-runtime provision --home ${runtime.home} --force\`.`,
      cause: error,
    });
  }
}

// Cache options given at resolve time win over what provision recorded.
function withOverrides(runtime: Runtime, options: ResolveRuntimeOptions): Runtime {
  if (options.hfHome === undefined && options.hfHubCache === undefined && options.uvCacheDir === undefined && options.offline === undefined) return runtime;
  const caches = {
    ...runtime.caches,
    ...(options.hfHome === undefined ? {} : { hfHome: options.hfHome, hfHubCache: options.hfHubCache ?? join(options.hfHome, 'hub') }),
    ...(options.hfHubCache === undefined ? {} : { hfHubCache: options.hfHubCache }),
    ...(options.uvCacheDir === undefined ? {} : { uv: options.uvCacheDir }),
  };
  // A marker never holds HF_HUB_OFFLINE (see persistentEnv); a Runtime object passed in keeps its caller's choice.
  const offline = options.offline ?? runtime.env.HF_HUB_OFFLINE === '1';
  return { ...runtime, caches, env: { ...runtime.env, ...cacheEnv(caches, offline) } };
}

async function systemRuntime(executable: string, options: ResolveRuntimeOptions, env: NodeJS.ProcessEnv): Promise<Runtime> {
  const file = await findPocketTts(executable, env);
  const caches = resolveCaches(options, env, false);
  return {
    schemaVersion: 1,
    mode: 'system',
    id: runtimeId('system', { mode: 'system', executable: file }),
    path: join(file, '..'),
    home: resolveHome(options.home, env),
    pocketTts: { file, args: [] },
    python: await shebangPython(file, env),
    versions: { pocketTts: (await installedVersion(file)) ?? POCKET_TTS_VERSION, torch: null, python: null },
    env: cacheEnv(caches, options.offline ?? false),
    caches,
    installer: null,
    inputs: { mode: 'system', executable: file },
    createdAt: new Date().toISOString(),
    reused: true,
  };
}

/**
 * The pocket-tts version installed beside an executable in a venv or prefix (`bin/pocket-tts` next to
 * `lib/python3.X/site-packages/pocket_tts-<version>.dist-info`), read from the folder name pip writes
 * (local labels such as `+double` included) without starting Python; null when the layout is another.
 */
async function installedVersion(executable: string): Promise<string | null> {
  const lib = join(dirname(dirname(executable)), 'lib');
  const pythons = await readdir(lib).catch(() => [] as string[]);
  for (const python of pythons.filter((name) => name.startsWith('python')).sort()) {
    const entries = await readdir(join(lib, python, 'site-packages')).catch(() => [] as string[]);
    const match = entries.map((name) => /^pocket_tts-(.+)\.dist-info$/.exec(name)).find((m) => m !== null);
    if (match?.[1] !== undefined) return match[1];
  }
  return null;
}
