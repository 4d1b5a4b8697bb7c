// Upstream 2.1.0's built-in languages and voice catalog, as data (see pocket-tts-contract.md).

/** Languages with a built-in config (`--language`). Plain `french` is refused upstream: use `french_24l`. */
export const LANGUAGES = [
  'english',
  'english_2026-01',
  'english_2026-04',
  'french_24l',
  'german',
  'german_24l',
  'portuguese',
  'portuguese_24l',
  'italian',
  'italian_24l',
  'spanish',
  'spanish_24l',
] as const;

/** A built-in language. */
export type Language = (typeof LANGUAGES)[number];

/** Catalog voices: names accepted by `--voice` and `voice_url` (built-in languages only, not with `--config`). */
export const CATALOG_VOICES = [
  'alba', 'marius', 'javert', 'jean', 'fantine', 'cosette', 'eponine', 'azelma', 'anna', 'vera', 'charles', 'paul',
  'george', 'mary', 'jane', 'michael', 'eve', 'bill_boerst', 'peter_yearsley', 'stuart_bell', 'caro_davy', 'giovanni',
  'lola', 'juergen', 'rafael', 'estelle',
] as const;

/** A catalog voice name. */
export type CatalogVoice = (typeof CATALOG_VOICES)[number];

/** The voice pocket-tts uses when none is given, per language family. */
export function defaultVoice(language: string): CatalogVoice {
  const family = language.split(/[_-]/)[0];
  const byFamily: Record<string, CatalogVoice> = { english: 'alba', french: 'estelle', german: 'juergen', portuguese: 'rafael', italian: 'giovanni', spanish: 'lola' };
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
