// The pool's default voice: checked before any sidecar starts, and sent per request where a release needs it.
import { readFile, stat } from 'node:fs/promises';
import { TtsError } from '../../../errors/index.js';
import { languageHub } from '../../../hub/files.js';
import type { PocketTtsRelease } from '../../../pocket-tts/index.js';
import { isVoiceStateFile } from '../../../request/voice.js';
import type { TtsForm } from '../wire/form.js';
import type { ModelSettings } from './sidecar-args.js';

/** The voice fields a request without a voice is sent with. */
export type VoiceFields = Omit<TtsForm, 'text'>;

/**
 * INVALID_CONFIG before anything is spawned: a catalog name the release does not have, or a voice file
 * that is not a readable regular file. (3.3.0 on would fail every sidecar's start on it; 2.1.0 every request.)
 */
export async function checkDefaultVoice(model: ModelSettings, release: PocketTtsRelease): Promise<void> {
  const voice = model.defaultVoice;
  if (voice === undefined) return;
  if (isVoiceStateFile(voice)) {
    const info = await stat(voice).catch(() => null);
    if (info?.isFile() !== true) {
      throw new TtsError('INVALID_CONFIG', `server.defaultVoice ${voice} is not a readable voice state file`, { field: 'server.defaultVoice', hint: 'Export the voice first (`pocket-tts-runtime voices export`) and give the path of its .safetensors file.' });
    }
    return;
  }
  if (model.config !== undefined) {
    // Catalog names resolve only for the packaged configs (upstream): a custom config needs a voice file.
    throw new TtsError('INVALID_CONFIG', `server.defaultVoice "${voice}" is a catalog name, which pocket-tts resolves only for its built-in languages, not with server.config`, { field: 'server.defaultVoice', hint: 'Give an exported .safetensors voice file instead.' });
  }
  if (!release.catalogVoices.includes(voice)) {
    throw new TtsError('INVALID_CONFIG', `pocket-tts ${release.version} has no catalog voice "${voice}" (server.defaultVoice)`, { field: 'server.defaultVoice', hint: `Use one of: ${release.catalogVoices.join(', ')}; or an exported .safetensors file.` });
  }
}

/**
 * What a request without a voice carries to a sidecar of this release:
 * - from 3.3.0 on, nothing: the server loaded its default voice at start (`--default-voice`, else the language's);
 * - on 2.1.0, which resolves it per request, the pool's default voice; without one, the language's default by
 *   name, because 2.1.0 guesses it from the config FILE PATH (an install path containing "german" speaks juergen);
 * - with a custom config and no default voice, nothing (upstream answers 500: no catalog voice fits a custom model).
 */
export async function defaultVoiceFields(model: ModelSettings, release: PocketTtsRelease): Promise<VoiceFields> {
  if (release.serveLoadsDefaultVoice) return {};
  const voice = model.defaultVoice;
  if (voice !== undefined && isVoiceStateFile(voice)) return { voiceWav: { filename: 'voice.safetensors', content: await readFile(voice) } };
  if (voice !== undefined) return { voiceUrl: voice };
  if (model.config !== undefined) return {};
  return { voiceUrl: languageHub(release, model.language ?? 'english').defaultVoice };
}
