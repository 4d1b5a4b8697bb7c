// A voices project for tests: audio files and voices.json in a temp folder, and readers of what export wrote.
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, writeToneWav } from '../support/double-runtime.js';
import type { VoiceIndex } from '../../src/voices/index.js';

/** A voice to declare: a tone WAV (its pitch), a broken file, or a source used as is (catalog name). */
export type VoiceSpec = { name: string; hz: number; language?: string } | { name: string; broken: 'not-riff' | 'bad-chunks' } | { name: string; source: string };

/** Writes `audio/<name>.wav` for each voice and `voices.json`; returns the folder and the manifest path. */
export async function voicesProject(voices: readonly VoiceSpec[]): Promise<{ dir: string; manifest: string; out: string }> {
  const dir = await tempDir('ptr-voices-');
  await mkdir(join(dir, 'audio'));
  const entries = [];
  for (const voice of voices) entries.push(await declare(dir, voice));
  const manifest = join(dir, 'voices.json');
  await writeFile(manifest, JSON.stringify({ voices: entries }, null, 2));
  return { dir, manifest, out: join(dir, '.pocket-tts', 'voices') };
}

async function declare(dir: string, voice: VoiceSpec): Promise<Record<string, string>> {
  if ('source' in voice) return { name: voice.name, source: voice.source };
  const source = `audio/${voice.name}.wav`;
  if ('hz' in voice) {
    await writeToneWav(join(dir, source), 0.5, voice.hz);
    return { name: voice.name, source, ...(voice.language === undefined ? {} : { language: voice.language }) };
  }
  // not-riff fails before any model load; bad-chunks passes the RIFF check and fails inside pocket-tts.
  const bytes = voice.broken === 'not-riff' ? Buffer.from('this is not audio\n') : Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEjunkjunkjunk')]);
  await writeFile(join(dir, source), bytes);
  return { name: voice.name, source };
}

/** The index export wrote. */
export async function readIndex(out: string): Promise<VoiceIndex> {
  return JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as VoiceIndex;
}

/** `.safetensors` files directly in the out folder. */
export async function stateFiles(out: string): Promise<string[]> {
  return (await readdir(out)).filter((name) => name.endsWith('.safetensors')).sort();
}

/** Lines of a double trace file, parsed. */
export async function traceLines(file: string): Promise<{ command: string; voice: { kind: string; value: string } | null }[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { command: string; voice: { kind: string; value: string } | null });
}
