// Public surface of voice export and exported-voice lookup.
export { exportVoices } from './export.js';
export { voiceEventLine } from './event-line.js';
export { loadManifest, voicesManifestSchema, manifestVoiceSchema, VOICE_NAME_PATTERN, type ManifestVoice, type VoicesManifest } from './manifest.js';
export { voiceIndexSchema, voiceIndexEntrySchema, type VoiceIndex, type VoiceIndexEntry } from './index-schema.js';
export { readVoiceIndex, type IndexRead } from './index-file.js';
export { loadNamedVoices, resolveVoicesOption, type ResolvedVoicesOption, type VoicesOption } from './named.js';
export { DEFAULT_MANIFEST, VOICES_SUBDIR, defaultVoicesDir } from './paths.js';
export type { ExportVoicesOptions, ExportVoicesResult, VoiceExportError, VoiceExportEvent, VoiceExportMethod, VoiceExportReport, VoiceExportStatus } from './types.js';
