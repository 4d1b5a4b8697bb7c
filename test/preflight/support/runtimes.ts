// Real runtimes for preflight's integration tests: provisioned from the double's wheelhouses with real pip,
// then (for broken variants) changed the way a machine gets broken: torch replaced or uninstalled.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { TORCH_VERSION } from '../../../src/pins.js';
import { buildDoubleWheelhouse } from '../../../src/double/wheelhouse.js';
import { provision } from '../../../src/runtime/index.js';
import type { Runtime } from '../../../src/runtime/types.js';
import { fixtures } from '../../support/fixtures.js';

/** The torch variants the issue names. */
export type Variant = 'healthy' | 'torch-2.4.1' | 'cuda' | 'torch-import-error' | 'torch-missing';

/** A provisioned home with its runtime, and a private HOME/HF_HOME so nothing touches the user's. */
export interface TestRuntime {
  /** Temp folder holding everything of this runtime (remove it after the tests). */
  root: string;
  home: string;
  runtime: Runtime;
  /** HOME for pocket-tts (its URL cache follows it). */
  userHome: string;
  hfHome: string;
}

export const IMPORT_ERROR = 'OSError: libtorch_cpu.so: cannot open shared object file: No such file or directory';

/** Provisions one variant in its own temp root. */
export async function provisionVariant(variant: Variant): Promise<TestRuntime> {
  const root = await mkdtemp(join(tmpdir(), `ptr-pf-${variant}-`));
  const home = join(root, 'home');
  const userHome = join(root, 'user');
  const hfHome = join(root, 'hf');
  await mkdir(userHome);
  const cuda = variant === 'cuda' ? await buildDoubleWheelhouse({ out: join(root, 'wh-cuda'), torchVersion: '2.6.0+cu124', pocketTtsVersion: '2.1.0' }) : null;
  // 2.1.0: these runtimes check the contract's table (its Hub files and pins), whatever the default pin.
  const runtime = await provision({
    home, hfHome, installer: 'pip', pocketTtsVersion: '2.1.0', wheelhouse: cuda?.dir ?? fixtures().wheelhouse, ...(cuda === null ? {} : { torchVersion: '2.6.0+cu124', torchAllowCuda: true }),
  });
  if (variant === 'torch-2.4.1') await replaceTorch(runtime, await buildDoubleWheelhouse({ out: join(root, 'wh-241'), torchVersion: '2.4.1+cpu' }).then((w) => w.dir), '2.4.1+cpu');
  if (variant === 'torch-import-error') await replaceTorch(runtime, (await buildDoubleWheelhouse({ out: join(root, 'wh-err'), torchImportError: IMPORT_ERROR })).dir, TORCH_VERSION);
  if (variant === 'torch-missing') await pip(runtime, ['uninstall', '-y', 'torch']);
  return { root, home, runtime, userHome, hfHome };
}

// pocket-tts's metadata requires torch>=2.5.0, so an older or broken torch goes in afterwards without deps.
async function replaceTorch(runtime: Runtime, wheelhouse: string, version: string): Promise<void> {
  await pip(runtime, ['install', '--no-index', '--find-links', wheelhouse, '--no-deps', '--force-reinstall', `torch==${version}`]);
}

// The venv may have been made without pip (pip installs into it from outside with `--python`).
async function pip(runtime: Runtime, args: string[]): Promise<void> {
  const venvPython = runtime.python?.file ?? '';
  const own = await execa(venvPython, ['-m', 'pip', '--version'], { reject: false });
  const base = own.exitCode === 0 ? [venvPython, '-m', 'pip'] : [fixtures().python, '-m', 'pip', '--python', venvPython];
  await execa(base[0] ?? 'python3', [...base.slice(1), '--disable-pip-version-check', '--quiet', ...args]);
}

/** The environment pocket-tts would run with on this test machine, with a private HOME. */
export function envFor(t: TestRuntime): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: t.userHome };
  for (const name of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_HUB_OFFLINE', 'HF_HOME', 'HF_HUB_CACHE', 'PYTHONPATH']) delete env[name];
  return env;
}

const temps: string[] = [];

/** A temp folder removed by {@link removeTemps}. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes the runtimes and temp folders a test file made. */
export async function removeTemps(runtimes: readonly (TestRuntime | undefined)[]): Promise<void> {
  const dirs = [...temps.splice(0), ...runtimes.flatMap((t) => (t === undefined ? [] : [t.root]))];
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
