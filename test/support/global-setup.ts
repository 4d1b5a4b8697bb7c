// Builds the contract double's wheelhouse and one shared venv once per test run, and hands their paths
// to every test file through vitest's provide/inject.
import { mkdtemp, rm } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { buildDoubleWheelhouse } from '../../src/double/wheelhouse.js';
import { POCKET_TTS_VERSION } from '../../src/pins.js';
import type { Fixtures } from './fixtures.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  isolateFromMachinePipConfig();
  const root = await mkdtemp(join(tmpdir(), 'ptr-test-'));
  const python = process.env.POCKET_TTS_PYTHON ?? 'python3';
  const wheelhouse = join(root, 'wheelhouse');
  // The double as 2.1.0 (the shared venv below) and as the default pin, which provisions without a version install.
  await buildDoubleWheelhouse({ out: wheelhouse, python, pocketTtsVersion: '2.1.0' });
  if ((POCKET_TTS_VERSION as string) !== '2.1.0') await buildDoubleWheelhouse({ out: wheelhouse, python, pocketTtsVersion: POCKET_TTS_VERSION });
  const venv = join(root, 'venv');
  await execa(python, ['-m', 'venv', venv]);
  await execa(join(venv, 'bin', 'python'), [
    '-m', 'pip', 'install', '--no-index', '--find-links', wheelhouse, '--disable-pip-version-check', '--quiet', 'pocket-tts==2.1.0',
  ]);
  const fixtures: Fixtures = {
    root,
    python,
    wheelhouse,
    venv,
    doubleBin: join(venv, 'bin', 'pocket-tts'),
  };
  project.provide('fixtures', fixtures);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}

// Tests must not see a machine's pip configuration (extra indexes, find-links): every install here comes
// from the double's wheelhouse only. Test workers inherit this environment.
function isolateFromMachinePipConfig(): void {
  process.env.PIP_CONFIG_FILE = devNull;
  for (const name of ['PIP_FIND_LINKS', 'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'UV_INDEX_URL', 'UV_EXTRA_INDEX_URL', 'UV_FIND_LINKS']) delete process.env[name];
}
