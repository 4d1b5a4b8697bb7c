import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const samples = Math.round(24_000 * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(24_000, 24);
  wav.writeUInt32LE(48_000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i += 1) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 24_000)), 44 + i * 2);
  await writeFile(file, wav);
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
