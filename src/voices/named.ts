// The runner's side: exported voices by name (from index.json) for resolveVoice's `named` map.
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { TtsError } from '../errors/index.js';
import type { Logger } from '../request/logger.js';
import { readVoiceIndex } from './index-file.js';
import { loadManifest, VOICE_NAME_PATTERN } from './manifest.js';
import { DEFAULT_MANIFEST, defaultVoicesDir } from './paths.js';

/** The `voices` option of createTts(). */
export interface VoicesOption {
  /** The voices manifest; its exported folder is `.pocket-tts/voices/` beside it unless `dir` is given. */
  manifest?: string;
  /** The exported voices folder (with `index.json`). */
  dir?: string;
}

/** The option with defaults applied. `explicit`: the caller asked for voices, so a missing index is an error. */
export interface ResolvedVoicesOption {
  dir: string;
  manifest: string | undefined;
  explicit: boolean;
}

/** Defaults: `.pocket-tts/voices` beside `voices.json` in the working directory (used only if its index exists). */
export function resolveVoicesOption(option: VoicesOption = {}): ResolvedVoicesOption {
  const manifest = option.manifest === undefined ? undefined : resolve(option.manifest);
  const dir = resolve(option.dir ?? defaultVoicesDir(manifest ?? DEFAULT_MANIFEST));
  return { dir, manifest, explicit: option.manifest !== undefined || option.dir !== undefined };
}

/**
 * Fills `named` with name → absolute `.safetensors` path for every indexed voice whose file is inside the
 * folder. INVALID_CONFIG for an unusable index, or a missing one the caller asked for.
 */
export async function loadNamedVoices(option: ResolvedVoicesOption, named: Map<string, string>, log: Logger): Promise<void> {
  const read = await readVoiceIndex(option.dir);
  if (read.kind === 'missing') {
    if (option.explicit) throw noIndex(read.file, option.manifest);
    return;
  }
  if (read.kind === 'invalid') throw new TtsError('INVALID_CONFIG', `exported voices index ${read.file} is unusable: ${read.reason}`, { field: 'voices', hint: reexport(option.manifest) });
  const root = await realpath(option.dir);
  for (const [name, entry] of Object.entries(read.index.voices)) {
    const file = VOICE_NAME_PATTERN.test(name) ? await inside(root, join(option.dir, entry.file)) : null;
    if (file === null) log.warn({ voice: name, dir: option.dir }, 'exported voice skipped: bad name, or its file is missing or outside the voices folder');
    else named.set(name, file);
  }
  if (option.manifest !== undefined) await warnUnexported(option.manifest, named, log);
}

// After realpath: a symlink pointing out of the folder is not an exported voice.
async function inside(root: string, file: string): Promise<string | null> {
  const real = await realpath(file).catch(() => null);
  if (real === null) return null;
  const rel = relative(root, real);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? real : null;
}

async function warnUnexported(manifest: string, named: ReadonlyMap<string, string>, log: Logger): Promise<void> {
  const missing = (await loadManifest(manifest)).voices.map((v) => v.name).filter((name) => !named.has(name));
  if (missing.length > 0) log.warn({ voices: missing, manifest }, `voices in the manifest are not exported yet: ${missing.join(', ')}; run \`pocket-tts-runtime voices export\``);
}

function noIndex(file: string, manifest: string | undefined): TtsError {
  return new TtsError('INVALID_CONFIG', `no exported voices: ${file} does not exist`, { field: 'voices', hint: reexport(manifest) });
}

function reexport(manifest: string | undefined): string {
  return `Run \`pocket-tts-runtime voices export${manifest === undefined ? '' : ` --manifest ${manifest}`}\` first.`;
}
