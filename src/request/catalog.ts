// The built-in languages and voice catalog of every supported release together (src/pocket-tts/ has each
// release's own list; the engines check a request against the installed release's row).

/**
 * Languages with a built-in config in at least one supported release (`--language`); which release has which
 * is in src/pocket-tts/ (`french` needs 3.3.0 or later; 2.1.0 has only `french_24l`).
 */
export const LANGUAGES = [
  'english', 'english_2026-01', 'english_2026-04', 'french_24l', 'german', 'german_24l', 'portuguese', 'portuguese_24l',
  'italian', 'italian_24l', 'spanish', 'spanish_24l',
  // 3.3.0
  'english_2026-04_24l', 'english_2026-09', 'english_2026-09_24l', 'french', 'dutch', 'dutch_24l',
  // 4.0.1
  'english_2026-09_2', 'english_2026-10', 'english_drifting_26-09', 'english_18m_2026-10', 'english_18m_refl_2026-10',
  'english_7m_2026-10', 'english_7m_refl_2026-10', 'english_2m_2026-10', 'english_2m_refl_2026-10',
] as const;

/** A built-in language. */
export type Language = (typeof LANGUAGES)[number];

/** Catalog voices of every supported release (`daan`: 3.3.0 and later): names accepted by `--voice` and `voice_url`. */
export const CATALOG_VOICES = [
  'alba', 'marius', 'javert', 'jean', 'fantine', 'cosette', 'eponine', 'azelma', 'anna', 'vera', 'charles', 'paul',
  'george', 'mary', 'jane', 'michael', 'eve', 'bill_boerst', 'peter_yearsley', 'stuart_bell', 'caro_davy', 'giovanni',
  'lola', 'juergen', 'rafael', 'estelle', 'daan',
] as const;

/** A catalog voice name. */
export type CatalogVoice = (typeof CATALOG_VOICES)[number];

/** The voice pocket-tts uses when none is given, per language family. */
export function defaultVoice(language: string): CatalogVoice {
  const family = language.split(/[_-]/)[0];
  const byFamily: Record<string, CatalogVoice> = { english: 'alba', french: 'estelle', german: 'juergen', portuguese: 'rafael', italian: 'giovanni', spanish: 'lola', dutch: 'daan' };
  return byFamily[family ?? ''] ?? 'alba';
}

/** Type guard for a built-in language. */
export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** True for a catalog voice name. */
export function isCatalogVoice(name: string): name is CatalogVoice {
  return (CATALOG_VOICES as readonly string[]).includes(name);
}

/** A name pocket-tts accepts as a local model config: it must end in .yaml or .yml. */
export const YAML_CONFIG_NAME = /\.ya?ml$/i;
