export { buildSyntheticCache, SYNTHETIC_NOTICE } from './build.js';
export type { SyntheticCacheOptions, SyntheticCacheResult } from './build.js';
