import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { assetPath } from '../assets.js';
import { TtsError } from '../errors/index.js';
import { POCKET_TTS_VERSION, TORCH_VERSION } from '../pins.js';

/** Options of {@link buildDoubleWheelhouse}. */
export interface DoubleWheelhouseOptions {
  /** Folder the two wheels are written to (created if needed). */
  out: string;
  /** Version of the torch double, e.g. `2.6.0+cpu`, `2.4.1+cpu`, `2.6.0+cu124`. */
  torchVersion?: string;
  /** Make `import torch` fail with this `Type: message` (e.g. a missing shared library). */
  torchImportError?: string;
  /** The release the double imitates, as its wheel's version `<release>+double` (default: the pin, POCKET_TTS_VERSION). */
  pocketTtsVersion?: string;
  /** Python interpreter that runs the stdlib-only builder (default: `POCKET_TTS_PYTHON` or `python3`). */
  python?: string;
}

/** What {@link buildDoubleWheelhouse} wrote. */
export interface DoubleWheelhouse {
  dir: string;
  wheels: string[];
  torchVersion: string;
}

/**
 * Writes the contract double's wheels (`pocket-tts <pin>+double` and a `torch` double) into a folder,
 * without network, so `pip install --no-index --find-links DIR pocket-tts==<pin>` works offline.
 */
export async function buildDoubleWheelhouse(options: DoubleWheelhouseOptions): Promise<DoubleWheelhouse> {
  const dir = resolve(options.out);
  const torchVersion = options.torchVersion ?? TORCH_VERSION;
  const python = options.python ?? process.env.POCKET_TTS_PYTHON ?? 'python3';
  await mkdir(dir, { recursive: true });
  const args = [assetPath('scripts', 'build-double-wheelhouse.py'), '--out', dir, '--torch-version', torchVersion];
  if (options.torchImportError !== undefined) args.push('--torch-import-error', options.torchImportError);
  args.push('--pocket-tts-version', options.pocketTtsVersion ?? POCKET_TTS_VERSION);
  const result = await execa(python, args, { reject: false, stdin: 'ignore' });
  if (result.failed) {
    throw new TtsError('PROVISION_FAILED', `building the contract double's wheelhouse failed`, {
      exitCode: result.exitCode,
      stderr: result.stderr || result.message,
      hint: 'The builder needs a Python >= 3.10 (pass --python); check that the package files are complete.',
      cause: result,
    });
  }
  const report = JSON.parse(result.stdout) as { wheels: string[] };
  return { dir, wheels: report.wheels, torchVersion };
}
