// A manifest entry → what pocket-tts is given and the cache key, checked before any process starts.
import { open, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { TtsError } from '../errors/index.js';
import { isCatalogVoice } from '../request/catalog.js';
import { VOICE_EXTENSIONS, isRemoteVoice } from '../request/voice.js';
import { sha256File, sha256Text } from './hash.js';
import type { ManifestVoice } from './manifest.js';

/** A voice ready to export. */
export interface VoiceJob {
  name: string;
  /** The source as the manifest names it. */
  source: string;
  /** What pocket-tts receives: an absolute path, a catalog name or a URL. */
  input: string;
  /** Cache key part: the file's sha256, or the sha256 of the catalog name / URL text. */
  sourceSha256: string;
  /** The built-in language (english when neither language nor config is given), or undefined with a config. */
  language: string | undefined;
  config: string | undefined;
  configSha256: string | undefined;
}

/** A prepared entry: a job, or the reason it cannot be exported (fails only this voice). */
export type PreparedVoice = { ok: true; job: VoiceJob } | { ok: false; voice: ManifestVoice; error: TtsError };

/** Resolves a manifest entry against the manifest's folder; every refusal is a per-voice error. */
export async function prepareVoice(voice: ManifestVoice, manifestDir: string, allowRemote: boolean): Promise<PreparedVoice> {
  try {
    const config = voice.config === undefined ? undefined : await configFile(voice, manifestDir);
    const input = await sourceInput(voice, manifestDir, allowRemote, config !== undefined);
    return {
      ok: true,
      job: {
        name: voice.name,
        source: voice.source,
        input: input.value,
        sourceSha256: input.sha256,
        language: config === undefined ? (voice.language ?? 'english') : undefined,
        config: config?.path,
        configSha256: config?.sha256,
      },
    };
  } catch (error) {
    return { ok: false, voice, error: error as TtsError };
  }
}

async function sourceInput(voice: ManifestVoice, dir: string, allowRemote: boolean, usesConfig: boolean): Promise<{ value: string; sha256: string }> {
  const { source } = voice;
  if (isCatalogVoice(source)) {
    if (usesConfig) throw invalidVoice(voice, `catalog voice "${source}" cannot be used with a custom config`, 'Use a built-in language for catalog voices.');
    return { value: source, sha256: sha256Text(source) };
  }
  if (isRemoteVoice(source)) {
    if (!allowRemote) throw invalidVoice(voice, `remote sources are disabled: ${source}`, 'Download the file and name its local path, or pass --allow-remote-voices (allowRemoteVoices: true).');
    return { value: source, sha256: sha256Text(source) };
  }
  return localSource(voice, resolve(dir, source));
}

async function localSource(voice: ManifestVoice, path: string): Promise<{ value: string; sha256: string }> {
  if (VOICE_EXTENSIONS[extname(path).toLowerCase()] === undefined) {
    throw invalidVoice(voice, `source ${voice.source} is not a catalog voice, a URL, or an audio file with a supported extension (${Object.keys(VOICE_EXTENSIONS).join(', ')})`, 'Use a .wav file (other formats need pocket-tts[audio]).');
  }
  const info = await stat(path).catch(() => null);
  if (info === null) throw invalidVoice(voice, `source file ${path} does not exist`, 'Check the path: relative sources resolve against the manifest\'s folder.');
  if (!info.isFile()) throw invalidVoice(voice, `source ${path} is not a regular file`, 'Name one audio file per voice (export-voice does not accept folders).');
  const sha256 = await sha256File(path).catch((error: Error) => {
    throw invalidVoice(voice, `cannot read source ${path}: ${error.message}`, 'Fix its permissions.');
  });
  if (extname(path).toLowerCase() === '.wav' && !(await looksLikeWav(path))) {
    throw invalidVoice(voice, `source ${path} is not a WAV file (it does not start with RIFF…WAVE)`, 'Convert it to a PCM .wav file.');
  }
  return { value: path, sha256 };
}

// pocket-tts would fail the same way (wave.Error), but only after a model load of ~10 s.
async function looksLikeWav(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    return bytesRead === 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE';
  } finally {
    await handle.close();
  }
}

async function configFile(voice: ManifestVoice, dir: string): Promise<{ path: string; sha256: string }> {
  const path = resolve(dir, voice.config ?? '');
  const sha256 = await sha256File(path).catch(() => {
    throw new TtsError('INVALID_CONFIG', `voice "${voice.name}": config ${path} does not exist or is not readable`, { field: 'config', hint: 'Config paths resolve against the manifest\'s folder.' });
  });
  return { path, sha256 };
}

function invalidVoice(voice: ManifestVoice, message: string, hint: string): TtsError {
  return new TtsError('INVALID_VOICE', `voice "${voice.name}": ${message}`, { field: 'source', hint });
}
