export { provision, provisionSteps } from './provision.js';
export { resolveRuntime, type ResolveRuntimeOptions } from './resolve.js';
export type { ProvisionOptions, PocketTtsExtra } from './options.js';
export type { Runtime, RuntimeMode, RuntimeCaches, CommandPrefix } from './types.js';
export { runtimeSchema } from './marker.js';
export { findPython, type FoundPython, type CandidateResult } from './python/find.js';
