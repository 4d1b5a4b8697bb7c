// Public surface of preflight: the API, the report schema, and the helpers other features reuse.
export { preflight, startPreflight, type PreflightRun } from './preflight.js';
export { DEFAULT_MIN_FREE_BYTES, DEFAULT_VOICES_DIR, resolvePreflightOptions, type PreflightOptions } from './options.js';
export { PREFLIGHT_SCHEMA_VERSION, checkReportSchema, preflightReportSchema, type CheckReport, type PreflightReport, type RuntimeFacts } from './schema.js';
export { defineCheck, type Check, type CheckOutcome, type CheckStatus, type Facts, type FactsWithRuntime } from './facts/types.js';
export { CHECKS, CHECK_IDS, type CheckId } from '../../checks/index.js';
export { renderReport, type RenderOptions } from './render.js';
export { isValidSafetensors, type SafetensorsCheck } from '../fs/safetensors.js';
export { voiceIndexSchema, type VoiceIndex } from '../voices/index-schema.js';
export { probeCommand, type ProbeCommand } from './facts/probe.js';
