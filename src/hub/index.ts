// The Hugging Face files pocket-tts needs, per language (pinned commits), and their place in the hub cache.
export { CATALOG_VOICES, LANGUAGES, defaultVoice, isCatalogVoice, isLanguage, type CatalogVoice, type Language } from './languages.js';
export {
  GATED_REPO,
  HUB_COMMITS,
  OPEN_REPO,
  fetchCommands,
  gatedWeightsFile,
  hubCachePath,
  requiredHubFiles,
  tokenizerFile,
  voiceFile,
  weightsFile,
  type HubCacheTarget,
  type HubFile,
  type HubFileKind,
  type HubFilesRequest,
} from './files.js';
