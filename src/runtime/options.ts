import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CacheOptions } from '../config/caches.js';
import { resolveHome } from '../config/home.js';
import { TtsError } from '../errors/index.js';
import { POCKET_TTS_VERSION } from '../pins.js';
import { SUPPORTED_VERSIONS, nearestSupported } from '../pocket-tts/index.js';
import type { StepListener } from '../tasks/steps.js';
import type { IndexOptions, Requirements } from './commands.js';
import { resolveTorchSource, type TorchOptions } from './torch.js';
import type { RuntimeMode } from './types.js';

/** Optional pocket-tts extras: `audio` reads non-WAV voice prompts (soundfile), `quantize` adds torchao. */
export type PocketTtsExtra = 'audio' | 'quantize';

/** Options of `provision()`; every one is optional and has a documented default. */
export interface ProvisionOptions extends CacheOptions, TorchOptions {
  /** Home folder (default: `POCKET_TTS_RUNTIME_HOME`, else the platform data folder). */
  home?: string;
  /** `venv` (default), `uvx` or `system`. */
  mode?: RuntimeMode;
  /** Python to build the venv with (tried before `POCKET_TTS_PYTHON`, `PYTHON`, `python3`…). */
  python?: string;
  /** System mode: the existing `pocket-tts` (default: found on PATH). */
  executable?: string;
  /** Install from this folder of wheels only (`--no-index --find-links`): air-gapped installs and tests. */
  wheelhouse?: string;
  /** A requirements file with `--hash` lines, installed in hash-checking mode instead of the pins. */
  lock?: string;
  extras?: readonly PocketTtsExtra[];
  /**
   * Default: the pin (RUNTIME.md, "Pins"). Any release installs (preflight warns outside the supported set,
   * naming the nearest supported one); a version that is not `X.Y.Z` or a known-broken release is INVALID_CONFIG.
   */
  pocketTtsVersion?: string;
  /** Main package index (default: the installer's own configuration). */
  indexUrl?: string;
  /** `auto` (default) uses uv when it is on PATH, else pip. */
  installer?: 'auto' | 'uv' | 'pip';
  /** Rebuild even when a complete runtime exists (the old one serves until the new one is ready). */
  force?: boolean;
  /** How long to wait for another process installing the same runtime (default 10 minutes). */
  lockTimeoutMs?: number;
  signal?: AbortSignal;
  /** Environment to read PATH and the Python/cache variables from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Progress events (steps, installer output lines, lock waits). */
  onEvent?: StepListener;
}

/** Options with every default applied, read once (later code never sees undefined). */
export interface ResolvedProvisionOptions {
  home: string;
  mode: RuntimeMode;
  python: string | undefined;
  executable: string | undefined;
  requirements: Requirements;
  index: IndexOptions;
  /** Accept a CUDA build of torch after the install (`torchAllowCuda`). */
  allowCudaTorch: boolean;
  lockSha256: string | null;
  /** What the wheelhouse holds (names and sizes, hashed): new wheels in the same folder make a new runtime. */
  wheelhouseDigest: string | null;
  installer: 'auto' | 'uv' | 'pip';
  force: boolean;
  lockTimeoutMs: number;
  caches: CacheOptions;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal | undefined;
  onEvent: StepListener;
}

const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60 * 1000;

/** Applies defaults and validates paths; a lock file is read here once to hash it. */
export async function resolveProvisionOptions(options: ProvisionOptions): Promise<ResolvedProvisionOptions> {
  const env = options.env ?? process.env;
  const lockFile = options.lock === undefined ? null : resolve(options.lock);
  const wheelhouse = options.wheelhouse === undefined ? null : resolve(options.wheelhouse);
  const torch = resolveTorchSource({ ...options, ...(options.torchFindLinks === undefined ? {} : { torchFindLinks: resolve(options.torchFindLinks) }), wheelhouse });
  if (torch.findLinks !== null) await assertFolder(torch.findLinks, '--torch-find-links', 'a folder of torch wheels');
  return {
    home: resolveHome(options.home, env),
    mode: options.mode ?? 'venv',
    python: options.python,
    executable: options.executable,
    requirements: {
      pocketTts: checkPocketTtsVersion(options.pocketTtsVersion ?? POCKET_TTS_VERSION),
      torch: torch.version,
      extras: [...new Set(options.extras ?? [])].sort(),
      lockFile,
    },
    index: {
      wheelhouse,
      indexUrl: options.indexUrl ?? null,
      torchIndexUrl: torch.indexUrl,
      torchFindLinks: torch.findLinks,
    },
    allowCudaTorch: torch.allowCuda,
    lockSha256: lockFile === null ? null : await sha256File(lockFile, '--lock'),
    wheelhouseDigest: options.wheelhouse === undefined ? null : await folderDigest(resolve(options.wheelhouse)),
    installer: options.installer ?? 'auto',
    force: options.force ?? false,
    lockTimeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    caches: { hfHome: options.hfHome, hfHubCache: options.hfHubCache, uvCacheDir: options.uvCacheDir, offline: options.offline },
    env,
    signal: options.signal,
    onEvent: options.onEvent ?? (() => {}),
  };
}

/** Releases that install but cannot run, and why (RUNTIME.md, "Supported pocket-tts releases"). */
const BROKEN_RELEASES: Readonly<Record<string, string>> = {
  '3.0.0': "its wheel lacks the pocket_tts.data package: every command fails with ModuleNotFoundError",
};

// A pip version pin, checked before any install: a typo fails here, not after minutes of resolving.
function checkPocketTtsVersion(version: string): string {
  const field = 'pocketTtsVersion';
  if (!/^\d+\.\d+\.\d+(?:\.?(?:a|b|rc|post|dev)\d+)?$/.test(version)) {
    throw new TtsError('INVALID_CONFIG', `pocket-tts version "${version}" is not a release number`, { field, hint: `Pass a release such as ${SUPPORTED_VERSIONS.join(', ')} to --pocket-tts-version.` });
  }
  const broken = BROKEN_RELEASES[version];
  if (broken !== undefined) {
    throw new TtsError('INVALID_CONFIG', `pocket-tts ${version} cannot run: ${broken}`, { field, hint: `Pass --pocket-tts-version ${nearestSupported(version).version} (supported: ${SUPPORTED_VERSIONS.join(', ')}).` });
  }
  return version;
}

async function sha256File(file: string, field: string): Promise<string> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch (error) {
    throw new TtsError('INVALID_CONFIG', `cannot read ${field} file ${file}`, { field, cause: error, hint: `Pass an existing requirements file with --hash lines to ${field}.` });
  }
}

async function assertFolder(dir: string, flag: string, what: string): Promise<void> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new TtsError('INVALID_CONFIG', `${flag} ${dir} is not a folder`, { field: flag.replace(/^--/, ''), hint: `Pass ${what} to ${flag}.` });
}

// Names and sizes only: cheap, and enough to notice added, removed or rebuilt wheels.
async function folderDigest(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw new TtsError('INVALID_CONFIG', `cannot read the wheelhouse ${dir}`, { field: 'wheelhouse', cause: error, hint: 'Pass an existing folder of wheels to --wheelhouse.' });
  });
  const files = await Promise.all(
    entries.filter((e) => e.isFile()).map(async (e) => `${e.name}:${(await stat(join(dir, e.name))).size}`),
  );
  return createHash('sha256').update(files.sort().join('\n')).digest('hex').slice(0, 16);
}

/**
 * The runtime's name: a readable prefix plus a hash of every input that changes what gets installed,
 * so a changed pin, Python, index or lock file provisions a new runtime beside the old one.
 */
export function runtimeId(prefix: string, inputs: Readonly<Record<string, unknown>>): string {
  const hash = createHash('sha256').update(canonicalJson(inputs)).digest('hex').slice(0, 12);
  return `${prefix}-${hash}`;
}

/** JSON with sorted keys, so equal inputs always hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
