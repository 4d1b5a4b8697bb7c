// The public API: every export is named here on purpose (no `export *`).
export { ERROR_CODES, TTS_ERROR_CODES, TtsError, isTtsError } from './errors/index.js';
export type { TtsErrorCode, TtsErrorOptions } from './errors/index.js';
export { buildDoubleWheelhouse } from './double/wheelhouse.js';
export type { DoubleWheelhouse, DoubleWheelhouseOptions } from './double/wheelhouse.js';
export { POCKET_TTS_VERSION, TORCH_VERSION, TORCH_MIN_VERSION, PYTHON_RANGE, TORCH_CPU_INDEX_URL } from './pins.js';
export { provision, resolveRuntime, runtimeSchema, findPython } from './runtime/index.js';
export type { ProvisionOptions, PocketTtsExtra, ResolveRuntimeOptions, Runtime, RuntimeMode, RuntimeCaches, CommandPrefix, FoundPython, CandidateResult } from './runtime/index.js';
export { createTts, TtsStream, LANGUAGES, CATALOG_VOICES, GENERATION_PARAMETERS, VOICE_EXTENSIONS, defaultVoice, silentLogger } from './tts/index.js';
export type { Tts, TtsOptions, GenerateRequest, GenerateResult, Timings, Language, CatalogVoice, GenerationParameters, Logger } from './tts/index.js';
export type { EngineStats } from './engine/types.js';
export { preflight, preflightReportSchema, PREFLIGHT_SCHEMA_VERSION, CHECK_IDS, renderReport, isValidSafetensors, voiceIndexSchema } from './preflight/index.js';
export type { PreflightOptions, PreflightReport, CheckReport, CheckId, CheckStatus, RuntimeFacts, SafetensorsCheck, VoiceIndex } from './preflight/index.js';
export { requiredHubFiles, hubCachePath, fetchCommands, HUB_COMMITS } from './hub/index.js';
export type { HubFile, HubFileKind, HubFilesRequest, HubCacheTarget } from './hub/index.js';
export { exportVoices, loadManifest, voicesManifestSchema, VOICE_NAME_PATTERN, DEFAULT_MANIFEST, defaultVoicesDir } from './voices/index.js';
export type { ExportVoicesOptions, ExportVoicesResult, VoiceExportError, VoiceExportEvent, VoiceExportMethod, VoiceExportReport, VoiceExportStatus, ManifestVoice, VoicesManifest, VoicesOption } from './voices/index.js';
export { createPool, startFront, resolveServerOptions, defaultWorkers, Pool } from './server/index.js';
export type { ServerOptions, ResolvedServerOptions, CreatePoolOptions, Front, FrontOptions, PoolOptions, PoolRun, SubmitOptions, TtsForm, VoiceUpload } from './server/index.js';
