// The supported pocket-tts releases (one row per version) and the rule for versions outside the set.
export { ALL_LANGUAGES, DOUBLE_NOTICE, NEWEST_RELEASE, SUPPORTED_RELEASES, SUPPORTED_VERSIONS, baseVersion, isContractDouble, nearestSupported, releaseFor, supportedRelease } from './versions.js';
export type { LanguageHub, PocketTtsRelease, VoiceStateFormat, WavHeaderMode } from './types.js';
