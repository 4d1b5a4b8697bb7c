export { createTts, ENGINE_FACTORIES, type Tts } from './create.js';
export type { TtsOptions, ResolvedTtsOptions } from './options.js';
export type { GenerateRequest, ValidatedRequest } from '../request/request.js';
export { TtsStream, type GenerateResult, type Timings } from './result.js';
export { LANGUAGES, CATALOG_VOICES, defaultVoice, type Language, type CatalogVoice } from '../request/catalog.js';
export { GENERATION_PARAMETERS, type GenerationParameters } from '../request/parameters.js';
export { silentLogger, type Logger } from '../request/logger.js';
export { VOICE_EXTENSIONS } from '../request/voice.js';
