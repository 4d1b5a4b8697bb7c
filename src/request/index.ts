// The request model: what a generation asks for, validated once, shared by every layer above (the API,
// both engines, the `serve` front, events and metrics). It imports nothing above it.
export { validateRequest, type GenerateRequest, type RequestLimits, type ValidatedRequest } from './request.js';
export { prepareText, type ControlCharacterPolicy } from './text.js';
export { resolveVoice, voiceArgument, isRemoteVoice, VOICE_EXTENSIONS, type ResolvedVoice, type VoicePolicy } from './voice.js';
export { GENERATION_PARAMETERS, parameterFlags, pickParameters, type GenerationParameters, type ParameterName } from './parameters.js';
export { LANGUAGES, CATALOG_VOICES, defaultVoice, isCatalogVoice, isLanguage, type Language, type CatalogVoice } from './catalog.js';
export { silentLogger, childLogger, type Logger } from './logger.js';
export type { EngineMode, EngineStats } from './mode.js';
