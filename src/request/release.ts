// What a request may ask of the installed pocket-tts release (its row in src/pocket-tts/): the request model
// accepts every supported release's languages and voices; the engine checks them against the one it runs.
import { TtsError } from '../errors/index.js';
import type { PocketTtsRelease } from '../pocket-tts/index.js';
import type { ValidatedRequest } from './request.js';

/**
 * Refuses, before any process starts, a language or catalog voice the installed release does not have:
 * INVALID_INPUT (`language`) or INVALID_VOICE (`voice`), naming the release and what it does have.
 */
export function checkRequestForRelease(request: Pick<ValidatedRequest, 'language' | 'voice'>, release: PocketTtsRelease): void {
  const { language, voice } = request;
  if (language !== undefined && release.languages[language] === undefined) {
    const hint = language === 'french'
      ? `pocket-tts ${release.version} only has the 24-layer French model: use "french_24l" (or a runtime with pocket-tts 3.3.0 or later).`
      : `Use one of: ${Object.keys(release.languages).join(', ')}.`;
    throw new TtsError('INVALID_INPUT', `pocket-tts ${release.version} has no built-in language "${language}"`, { field: 'language', hint });
  }
  if (voice.kind === 'catalog' && !release.catalogVoices.includes(voice.name)) {
    throw new TtsError('INVALID_VOICE', `pocket-tts ${release.version} has no catalog voice "${voice.name}"`, { field: 'voice', hint: `Use one of: ${release.catalogVoices.join(', ')}.` });
  }
}

/** The model's own defaults for the parameters whose default moved between releases (temperature, EOS threshold). */
export function releaseDefaults(release: PocketTtsRelease, language: string | undefined): { temperature: number; eosThreshold: number } {
  const hub = release.languages[language ?? 'english'] ?? release.languages.english;
  return { temperature: hub?.temperature ?? 0.7, eosThreshold: hub?.eosThreshold ?? -4 };
}
