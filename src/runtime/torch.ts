// Where torch comes from and which build: decided once, before anything is installed, so no combination
// of options can pull the multi-GB CUDA build without being asked to.
import semver from 'semver';
import { TtsError } from '../errors/index.js';
import { TORCH_CPU_INDEX_URL, TORCH_MIN_VERSION, TORCH_VERSION } from '../pins.js';

/** The torch options of provision() and setup (config file: `runtime.torchVersion`, `runtime.torchIndexUrl`, …). */
export interface TorchOptions {
  /** One exact version, e.g. `2.13.0+cpu` (default: the pin in RUNTIME.md). A range is refused. */
  torchVersion?: string;
  /** An index that serves torch: PyTorch's CPU index (the default) or a mirror of it. */
  torchIndexUrl?: string;
  /** A local folder of torch wheels (pip/uv `--find-links`); pocket-tts and the other packages still come from the main index. */
  torchFindLinks?: string;
  /** Accept a CUDA/ROCm/XPU build of torch (refused by default: 2+ GB and no speed-up for pocket-tts). */
  torchAllowCuda?: boolean;
}

/** Where torch is installed from, after the checks. */
export interface TorchSource {
  /** The version as asked (exact, maybe with a local label such as `+cpu`). */
  version: string;
  indexUrl: string;
  /** Absolute path of the find-links folder, or null. */
  findLinks: string | null;
  allowCuda: boolean;
}

/** A version label that names a GPU build. */
const GPU_LABEL = /^(?:cu\d+|rocm[\d.]+|xpu)$/i;
const EXACT = /^\d+\.\d+(?:\.\d+)?(?:\+[a-z0-9.]+)?$/i;

/**
 * Checks the torch options and applies their defaults. A GPU label (`+cu124`, `+rocm6.2`, `+xpu`) is
 * refused unless `torchAllowCuda`; so is a version without a label (`2.13.0`) unless torch comes from
 * PyTorch's CPU index, which serves nothing else, or the platform has no CUDA builds (macOS): from
 * the main index or a folder of wheels, a bare version may well be the CUDA build.
 */
export function resolveTorchSource(options: TorchOptions & { wheelhouse?: string | null }, platform: NodeJS.Platform = process.platform): TorchSource {
  const version = (options.torchVersion ?? TORCH_VERSION).trim();
  const allowCuda = options.torchAllowCuda ?? false;
  const indexUrl = options.torchIndexUrl ?? TORCH_CPU_INDEX_URL;
  const source: TorchSource = { version, indexUrl, findLinks: options.torchFindLinks ?? null, allowCuda };
  if (!EXACT.test(version)) {
    throw invalid(`--torch-version takes one exact version (like ${TORCH_VERSION}), not "${version}"`, `Pass --torch-version ${TORCH_VERSION}.`);
  }
  const [release = '', label] = version.split('+');
  const parsed = semver.coerce(release);
  if (parsed !== null && semver.lt(parsed, TORCH_MIN_VERSION)) {
    throw invalid(`torch ${version} is older than ${TORCH_MIN_VERSION}, the oldest pocket-tts accepts (PyTorch 2.4 produced wrong audio)`, `Pass --torch-version ${TORCH_VERSION}.`);
  }
  if (allowCuda) return source;
  const cpuLabel = `${release}+cpu`;
  if (label !== undefined && GPU_LABEL.test(label)) {
    throw invalid(`torch ${version} is a GPU build: 2+ GB to download and no speed-up for pocket-tts, which runs on the CPU`, `Pass --torch-version ${cpuLabel}, or --torch-allow-cuda if you really want this build.`);
  }
  if (label === undefined && platform !== 'darwin' && !fromCpuIndexOnly(source, options.wheelhouse ?? null)) {
    throw invalid(
      `torch ${version} has no +cpu label: from ${source.findLinks ?? options.wheelhouse ?? 'the main package index'} that may be the multi-GB CUDA build`,
      `Pass --torch-version ${cpuLabel} (the CPU build), or --torch-allow-cuda to accept whatever build that source has.`,
    );
  }
  return source;
}

// Only PyTorch's own CPU index is known to hold CPU builds alone; a mirror or a folder may hold anything.
function fromCpuIndexOnly(source: TorchSource, wheelhouse: string | null): boolean {
  return wheelhouse === null && source.findLinks === null && source.indexUrl.replace(/\/+$/, '') === TORCH_CPU_INDEX_URL;
}

function invalid(message: string, hint: string): TtsError {
  return new TtsError('INVALID_CONFIG', message, { field: 'torchVersion', hint });
}

/**
 * After the install: the runtime's torch reports CUDA (`torch.version.cuda`), which was not asked for.
 * Null when the build is acceptable.
 */
export function cudaRefusal(installed: { torch: string; cuda: string | null }, allowCuda: boolean): TtsError | null {
  if (installed.cuda === null || allowCuda) return null;
  return new TtsError('PROVISION_FAILED', `the installed torch ${installed.torch} is a CUDA build (CUDA ${installed.cuda}); the runtime was not activated`, {
    field: 'torchVersion',
    hint: `Install the CPU build: pass --torch-version ${installed.torch.split('+')[0] ?? installed.torch}+cpu (or fix the lock file or wheelhouse that brought this build), then provision again; --torch-allow-cuda accepts it.`,
  });
}
