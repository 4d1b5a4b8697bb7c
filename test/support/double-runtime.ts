import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sineWav } from '../../src/audio/index.js';
import { resolveRuntime, type Runtime } from '../../src/runtime/index.js';
import { fixtures } from './fixtures.js';

/** The shared double's runtime, with the double's knobs (POCKET_TTS_DOUBLE_*) set in its environment. */
export async function doubleRuntime(knobs: Record<string, string> = {}): Promise<Runtime> {
  const runtime = await resolveRuntime({ executable: fixtures().doubleBin, home: join(fixtures().root, 'home') });
  const env: Record<string, string> = { ...runtime.env, POCKET_TTS_DOUBLE_LOAD_MS: '20', POCKET_TTS_DOUBLE_FRAME_MS: '1' };
  for (const [name, value] of Object.entries(knobs)) env[name.startsWith('POCKET_TTS') ? name : `POCKET_TTS_DOUBLE_${name}`] = value;
  return { ...runtime, env };
}

/** A temp folder for one test's files. */
export async function tempDir(prefix = 'ptr-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes a valid 24 kHz mono 16-bit WAV of `seconds` of a tone (a voice prompt). */
export async function writeToneWav(file: string, seconds = 1, hz = 220): Promise<string> {
  await writeFile(file, sineWav({ seconds, hz }));
  return file;
}

/** A fake `pocket-tts` that only records that it was started (for "no process for bad input" tests). */
export async function spawnRecorder(dir: string): Promise<{ runtime: Runtime; marker: string }> {
  const marker = join(dir, 'spawned');
  const bin = join(dir, 'pocket-tts');
  await writeFile(bin, `#!/bin/sh\necho "$@" >> '${marker}'\nexit 1\n`);
  await chmod(bin, 0o755);
  return { runtime: await resolveRuntime({ executable: bin, home: dir }), marker };
}
