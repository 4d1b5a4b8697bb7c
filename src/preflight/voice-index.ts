// The exported-voices index schema lives with the exporter (src/voices/); re-exported here for preflight.
export { voiceIndexEntrySchema, voiceIndexSchema, type VoiceIndex } from '../voices/index-schema.js';
