import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { TtsError } from '../errors/index.js';
import { didYouMean } from '../errors/suggest.js';
import { CATALOG_VOICES, isCatalogVoice } from './catalog.js';

/** A voice after validation: what pocket-tts receives, and what kind it is. */
export type ResolvedVoice =
  | { kind: 'default' }
  | { kind: 'catalog'; name: string }
  | { kind: 'file'; path: string; format: 'safetensors' | 'wav' | 'audio'; name?: string }
  | { kind: 'remote'; url: string };

/** Where voices may come from. */
export interface VoicePolicy {
  /** Folders voice files must be inside (after resolving symlinks). */
  roots: readonly string[];
  /** Allow http(s):// and hf:// voices (off by default: a request must not make the server fetch URLs). */
  allowRemote: boolean;
  /** Exported voices by name (from the voices manifest), checked before catalog names and paths. */
  named: ReadonlyMap<string, string>;
}

/** Suffixes pocket-tts reads: .safetensors (exported state, fast), .wav (native), others need soundfile. */
export const VOICE_EXTENSIONS: Readonly<Record<string, 'safetensors' | 'wav' | 'audio'>> = {
  '.safetensors': 'safetensors',
  '.wav': 'wav',
  '.mp3': 'audio',
  '.flac': 'audio',
  '.ogg': 'audio',
  '.opus': 'audio',
  '.m4a': 'audio',
};

const REMOTE = /^(https?|hf):\/\//i;

/** True for an exported voice state file (its suffix is `.safetensors`, in any case), as pocket-tts tells it. */
export function isVoiceStateFile(voice: string): boolean {
  return VOICE_EXTENSIONS[extname(voice).toLowerCase()] === 'safetensors';
}

/** True for a voice pocket-tts would download: an `http://`, `https://` or `hf://` URL. */
export function isRemoteVoice(voice: string): boolean {
  return REMOTE.test(voice);
}

/** Validates a request's voice before any process starts; every refusal is INVALID_VOICE naming why. */
export async function resolveVoice(voice: string | undefined, policy: VoicePolicy, usesConfig: boolean): Promise<ResolvedVoice> {
  if (voice === undefined) return { kind: 'default' };
  const exported = policy.named.get(voice);
  if (exported !== undefined) return { kind: 'file', path: exported, format: 'safetensors', name: voice };
  if (isCatalogVoice(voice)) {
    if (usesConfig) throw invalid(`catalog voice "${voice}" cannot be used with a custom config`, 'Use a built-in language, or a voice file (.safetensors/.wav).');
    return { kind: 'catalog', name: voice };
  }
  if (isRemoteVoice(voice)) {
    if (!policy.allowRemote) throw invalid(`remote voices are disabled: ${voice}`, 'Download the file and use a local path, or create the tts with limits.allowRemoteVoices: true.');
    return { kind: 'remote', url: voice };
  }
  return resolveVoiceFile(voice, policy.roots, policy.named);
}

/**
 * A voice NAME, as a server takes it (serve's `voice_url`, `/v1/audio/speech`'s `voice`): an exported voice
 * first, then a catalog name, else INVALID_VOICE listing the known names. Never a path.
 */
export function resolveVoiceName(name: string, named: ReadonlyMap<string, string>): ResolvedVoice {
  const exported = named.get(name);
  if (exported !== undefined) return { kind: 'file', path: exported, format: 'safetensors', name };
  if (isCatalogVoice(name)) return { kind: 'catalog', name };
  throw unknownVoice(name, named);
}

/** Most names an unknown-voice error lists (exported ones first, then the catalog). */
const LISTED_VOICES = 40;
// A name longer than this is cut in the message (it may come from any HTTP client).
const MAX_ECHO = 80;

/** INVALID_VOICE for a name that is neither exported nor in the catalog: the known names, bounded. */
export function unknownVoice(name: string, named: ReadonlyMap<string, string>): TtsError {
  const exported = [...named.keys()];
  const shown = [...exported.map((n) => `${n} (exported)`), ...CATALOG_VOICES].slice(0, LISTED_VOICES);
  const more = exported.length + CATALOG_VOICES.length - shown.length;
  const known = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const guess = didYouMean(name, [...exported, ...CATALOG_VOICES]);
  const said = name.length > MAX_ECHO ? `${name.slice(0, MAX_ECHO - 1)}…` : name;
  return invalid(`unknown voice "${said}"${guess}: not a catalog or exported voice name (known voices: ${known})`, 'Use a known voice name, or export this voice into the voices manifest with `pocket-tts-runtime voices export`.');
}

async function resolveVoiceFile(voice: string, roots: readonly string[], named: ReadonlyMap<string, string>): Promise<ResolvedVoice> {
  const format = VOICE_EXTENSIONS[extname(voice).toLowerCase()];
  // No folder and no suffix: a voice NAME that is not known (a typo), not a file.
  if (format === undefined && !voice.includes('/') && !voice.includes(sep) && extname(voice) === '') throw unknownVoice(voice, named);
  if (format === undefined) {
    throw invalid(`"${voice}" is not a catalog voice, an exported voice name, or a file with a supported extension (${Object.keys(VOICE_EXTENSIONS).join(', ')})`, 'Use a catalog name (e.g. alba), a name from voices.json, or a .safetensors/.wav file.');
  }
  const real = await realpath(resolve(voice)).catch(() => null);
  if (real === null) throw invalid(`voice file ${voice} does not exist`, 'Check the path (relative paths resolve against the working directory).');
  if (!(await stat(real)).isFile()) throw invalid(`voice ${voice} is not a regular file`, 'Pass a file, not a folder.');
  await access(real, constants.R_OK).catch(() => {
    throw invalid(`voice file ${voice} is not readable`, 'Fix its permissions.');
  });
  if (!(await insideAny(real, roots))) {
    throw invalid(`voice file ${voice} is outside the allowed voice roots (${roots.join(', ')})`, 'Move it under an allowed root, or add its folder to limits.voiceRoots.');
  }
  return { kind: 'file', path: real, format };
}

// Roots are compared after realpath, so symlinks and `..` cannot step outside them.
async function insideAny(file: string, roots: readonly string[]): Promise<boolean> {
  for (const root of roots) {
    const realRoot = await realpath(root).catch(() => null);
    if (realRoot === null) continue;
    const rel = relative(realRoot, file);
    if (rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)) return true;
  }
  return false;
}

function invalid(message: string, hint: string): TtsError {
  return new TtsError('INVALID_VOICE', message, { field: 'voice', hint });
}

/** The `--voice` value for a resolved voice, or undefined for the language default. */
export function voiceArgument(voice: ResolvedVoice): string | undefined {
  switch (voice.kind) {
    case 'default':
      return undefined;
    case 'catalog':
      return voice.name;
    case 'file':
      return voice.path;
    case 'remote':
      return voice.url;
  }
}
