export { buildSyntheticCache, SYNTHETIC_NOTICE } from './build.js';
export { isSyntheticCache, SYNTHETIC_MARKER } from './marker.js';
export type { SyntheticCacheOptions, SyntheticCacheResult } from './build.js';
