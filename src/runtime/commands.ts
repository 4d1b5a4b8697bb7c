// Pure argv builders for every installer command (tested table-driven); execution lives in install.ts.
import { devNull } from 'node:os';
import { TtsError } from '../errors/index.js';

/** Which tool installs packages into the venv. */
export type Installer = 'uv' | 'pip';

/** Where packages come from, resolved once (no undefined past this point). */
export interface IndexOptions {
  /** Local folder of wheels: install with `--no-index --find-links DIR`, never touching the network. */
  wheelhouse: string | null;
  /** Main package index; null keeps the installer's own configuration (pip.conf, uv.toml, env). */
  indexUrl: string | null;
  /** PyTorch's CPU wheel index (torch comes from here, never the CUDA build). */
  torchIndexUrl: string;
  /** A local folder of torch wheels: torch comes from there, its dependencies from the main index. */
  torchFindLinks: string | null;
}

/** The requirements to install, resolved once. */
export interface Requirements {
  pocketTts: string;
  torch: string;
  extras: readonly string[];
  /** A requirements file with hashes (`--lock`): installed in hash-checking mode instead of the pins. */
  lockFile: string | null;
}

/** One command of an install plan. */
export interface PlannedCommand {
  title: string;
  argv: [string, ...string[]];
}

const PIP_QUIET = ['--disable-pip-version-check', '--no-input', '--progress-bar', 'off', '--retries', '2', '--timeout', '20'];

/** `pocket-tts==2.1.0` or `pocket-tts[audio]==2.1.0`. */
export function pocketTtsRequirement(req: Requirements): string {
  const extras = req.extras.length > 0 ? `[${[...req.extras].sort().join(',')}]` : '';
  return `pocket-tts${extras}==${req.pocketTts}`;
}

/** `torch==2.13.0+cpu`. */
export function torchRequirement(req: Requirements): string {
  return `torch==${req.torch}`;
}

/** The tools an install uses, resolved once. */
export interface InstallTools {
  /** The base interpreter the venv is made from. */
  python: string;
  uv: string | null;
  /**
   * True when the base interpreter's pip (>= 22.3) installs into the venv with `pip --python`: the venv
   * is then created without pip (seconds faster, smaller); false means the venv bootstraps its own pip.
   */
  outsidePip: boolean;
}

/** Creates the venv: `python -m venv [--without-pip] DIR`, or `uv venv --python PY DIR`. */
export function venvCommand(installer: Installer, tools: InstallTools, venvDir: string): PlannedCommand {
  if (installer === 'uv') return { title: 'Create the virtualenv (uv)', argv: [need(tools.uv), 'venv', '--python', tools.python, venvDir] };
  const withoutPip = tools.outsidePip ? ['--without-pip'] : [];
  return { title: 'Create the virtualenv', argv: [tools.python, '-m', 'venv', ...withoutPip, venvDir] };
}

/**
 * The install commands. Torch goes first and alone from its source (the CPU index, or a folder of wheels
 * beside the main index); the pocket-tts install then names the same exact torch, so the resolver finds
 * it satisfied and fails on a conflict instead of swapping in another (CUDA) build. A lock file is one
 * hash-checked install.
 */
export function installCommands(installer: Installer, tools: InstallTools, venvPython: string, req: Requirements, index: IndexOptions): PlannedCommand[] {
  const base = installBase(installer, tools, venvPython);
  if (req.lockFile !== null) {
    return [{ title: 'Install the lock file (hash-checked)', argv: [...base, '--require-hashes', ...lockIndexArgs(installer, index), '-r', req.lockFile] }];
  }
  return [
    { title: `Install ${torchRequirement(req)}`, argv: [...base, ...torchIndexArgs(index), torchRequirement(req)] },
    { title: `Install ${pocketTtsRequirement(req)}`, argv: [...base, ...mainIndexArgs(index), pocketTtsRequirement(req), torchRequirement(req)] },
  ];
}

function installBase(installer: Installer, tools: InstallTools, venvPython: string): [string, ...string[]] {
  // Bytecode now, like pip does: uv skips it by default, and every later import of torch (thousands of
  // modules) would then compile from source; under PYTHONDONTWRITEBYTECODE that is every process start.
  if (installer === 'uv') return [need(tools.uv), 'pip', 'install', '--compile-bytecode', '--python', venvPython];
  if (tools.outsidePip) return [tools.python, '-m', 'pip', '--python', venvPython, 'install', ...PIP_QUIET];
  return [venvPython, '-m', 'pip', 'install', ...PIP_QUIET];
}

function torchIndexArgs(index: IndexOptions): string[] {
  if (index.wheelhouse !== null || index.torchFindLinks !== null) return mainIndexArgs(index);
  return ['--index-url', index.torchIndexUrl];
}

// The torch folder stays visible to the second install too: its exact torch pin must resolve there.
function mainIndexArgs(index: IndexOptions): string[] {
  const torchFolder = index.torchFindLinks === null ? [] : ['--find-links', index.torchFindLinks];
  if (index.wheelhouse !== null) return ['--no-index', '--find-links', index.wheelhouse, ...torchFolder];
  return [...(index.indexUrl === null ? [] : ['--index-url', index.indexUrl]), ...torchFolder];
}

// A lock pins torch's +cpu build, so the CPU index is an extra index; hashes rule out substitution.
function lockIndexArgs(installer: Installer, index: IndexOptions): string[] {
  if (index.wheelhouse !== null || index.torchFindLinks !== null) return mainIndexArgs(index);
  const main = index.indexUrl === null ? [] : ['--index-url', index.indexUrl];
  const strategy = installer === 'uv' ? ['--index-strategy', 'unsafe-best-match'] : [];
  return [...main, '--extra-index-url', index.torchIndexUrl, ...strategy];
}

/**
 * uvx mode: the prefix that runs pinned pocket-tts in uv's cached, isolated environment. With a
 * wheelhouse nothing is fetched; otherwise torch's CPU build comes from the CPU index
 * (`--torch-backend cpu` when this uv knows it, else the index as an explicit extra).
 */
export function uvxPrefix(uvx: string, req: Requirements, index: IndexOptions, torchBackend: boolean, python: string | null): [string, ...string[]] {
  return [uvx, ...uvEnvArgs(req, index, torchBackend, python), '--from', pocketTtsRequirement(req), 'pocket-tts'];
}

/** The same environment as uvxPrefix, for running its Python (`uv run … python`). */
export function uvPythonPrefix(uv: string, req: Requirements, index: IndexOptions, torchBackend: boolean, python: string | null): [string, ...string[]] {
  return [uv, 'run', '--no-project', '--isolated', ...uvEnvArgs(req, index, torchBackend, python), '--with', pocketTtsRequirement(req), 'python'];
}

function uvEnvArgs(req: Requirements, index: IndexOptions, torchBackend: boolean, python: string | null): string[] {
  const args: string[] = [];
  if (python !== null) args.push('--python', python);
  const torchFolder = index.torchFindLinks === null ? [] : ['--find-links', index.torchFindLinks];
  if (index.wheelhouse !== null) args.push('--no-index', '--find-links', index.wheelhouse, ...torchFolder);
  else {
    if (index.indexUrl !== null) args.push('--default-index', index.indexUrl);
    if (index.torchFindLinks !== null) args.push(...torchFolder);
    else args.push(...(torchBackend ? ['--torch-backend', 'cpu'] : ['--index', index.torchIndexUrl]));
  }
  args.push('--with', torchRequirement(req));
  if (req.lockFile !== null) args.push('--with-requirements', req.lockFile);
  return args;
}

/**
 * The URL probed before installing, so a machine without access fails in seconds: none for a wheelhouse;
 * with torch from a folder, the main index when one is configured (else the installer's own
 * configuration decides, unprobed); otherwise the torch index.
 */
export function reachabilityUrl(index: IndexOptions): string | null {
  if (index.wheelhouse !== null) return null;
  if (index.torchFindLinks !== null) return index.indexUrl === null ? null : `${index.indexUrl.replace(/\/+$/, '')}/pocket-tts/`;
  return `${index.torchIndexUrl.replace(/\/+$/, '')}/torch/`;
}

function need(path: string | null): string {
  if (path === null) throw uvMissing();
  return path;
}

/** EXECUTABLE_NOT_FOUND for `--installer uv` without uv on PATH. */
export function uvMissing(): TtsError {
  return new TtsError('EXECUTABLE_NOT_FOUND', 'installer uv was requested but uv is not on PATH', {
    field: 'installer',
    hint: 'Install uv (https://docs.astral.sh/uv/) or put it on PATH, or use --installer pip.',
  });
}

/** Settings that add package sources behind an installer's back (its config files are dropped separately). */
const SOURCE_VARIABLES = ['PIP_FIND_LINKS', 'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'UV_FIND_LINKS', 'UV_INDEX_URL', 'UV_EXTRA_INDEX_URL', 'UV_INDEX', 'UV_DEFAULT_INDEX'];

/**
 * The installers' environment: the caller's, plus the uv cache. With a wheelhouse ("everything from DIR")
 * the installers' configuration is dropped too: a config file or PIP_FIND_LINKS could still add folders,
 * and pip prefers a platform wheel found there (a real torch of the same version as the double's
 * pure-Python stand-in) over the wheelhouse's. Online installs keep it: mirrors, proxies and certificates
 * live there.
 */
export function installerEnv(env: NodeJS.ProcessEnv, index: Pick<IndexOptions, 'wheelhouse'>, uvCache: string | null): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ...(uvCache === null ? {} : { UV_CACHE_DIR: uvCache }), PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  if (index.wheelhouse === null) return out;
  for (const name of SOURCE_VARIABLES) delete out[name];
  // pip loads no configuration file when PIP_CONFIG_FILE is the null device; uv reads no uv.toml with UV_NO_CONFIG.
  return { ...out, PIP_CONFIG_FILE: devNull, UV_NO_CONFIG: '1' };
}
