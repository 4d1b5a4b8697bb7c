// The built-in languages and voice catalog come from one place (src/request/catalog.ts).
export { CATALOG_VOICES, LANGUAGES, defaultVoice, isCatalogVoice, isLanguage, type CatalogVoice, type Language } from '../request/catalog.js';
