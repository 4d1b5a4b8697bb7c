// What the contract double needs of each supported release, as data it can read (test/double/pocket_tts/releases.json).
import { SUPPORTED_RELEASES } from '../pocket-tts/index.js';

/** One release as the double models it: its languages with their Hub pins, its catalog and voice pin. */
export interface DoubleRelease {
  languages: Record<string, { gated: string; open: string; tokenizer: string; tokenizerRevision: string; defaultVoice: string }>;
  catalogVoices: string[];
  voicePin: string;
}

/** Every supported release, by version: the content of the double's `releases.json`. */
export function doubleReleases(): Record<string, DoubleRelease> {
  return Object.fromEntries(
    SUPPORTED_RELEASES.map((release) => [
      release.version,
      {
        languages: Object.fromEntries(
          Object.entries(release.languages).map(([name, hub]) => [name, { gated: hub.gated, open: hub.open, tokenizer: hub.tokenizer.path, tokenizerRevision: hub.tokenizer.revision, defaultVoice: hub.defaultVoice }]),
        ),
        catalogVoices: [...release.catalogVoices],
        voicePin: release.voicePin,
      },
    ]),
  );
}
