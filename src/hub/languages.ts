// The built-in languages and voice catalog come from one place (src/tts/catalog.ts); the hub table adds
// only what it needs on top.
import { LANGUAGES, type Language } from '../request/catalog.js';

export { CATALOG_VOICES, LANGUAGES, defaultVoice, isCatalogVoice, type CatalogVoice, type Language } from '../request/catalog.js';

/** Type guard for a built-in language. */
export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
