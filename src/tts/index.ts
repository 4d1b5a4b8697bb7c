// The facade: createTts() and what it returns. The request model it takes lives in src/request/.
export { createTts, ENGINE_FACTORIES, type Tts } from './create.js';
export type { TtsOptions, ResolvedTtsOptions } from './options.js';
export { TtsStream, type GenerateResult, type Timings } from './result.js';
