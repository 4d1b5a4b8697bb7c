// A validated request's voice as upstream's form fields: catalog names by name, files uploaded.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { TtsError } from '../../errors/index.js';
import type { ResolvedVoice } from '../../request/voice.js';
import type { TtsForm } from './wire/form.js';

/**
 * Catalog names and remote URLs go as `voice_url`; files are uploaded as `voice_wav` under a neutral name
 * with the file's suffix (the suffix is what the server goes by: `.safetensors` loads an exported state in
 * milliseconds, audio is re-encoded on every request, which takes seconds: `onSlowVoice` is told).
 */
export async function voiceFields(voice: ResolvedVoice, onSlowVoice: (path: string) => void): Promise<Omit<TtsForm, 'text'>> {
  switch (voice.kind) {
    case 'default':
      return {};
    case 'catalog':
      return { voiceUrl: voice.name };
    case 'remote':
      return { voiceUrl: voice.url };
    case 'file': {
      const suffix = voice.format === 'safetensors' ? '.safetensors' : extname(voice.path).toLowerCase();
      if (voice.format !== 'safetensors') onSlowVoice(voice.path);
      const content = await readFile(voice.path).catch((error: unknown) => {
        throw new TtsError('INVALID_VOICE', `voice file ${voice.path} cannot be read: ${(error as Error).message}`, { field: 'voice', cause: error });
      });
      return { voiceWav: { filename: `voice${suffix}`, content } };
    }
  }
}
