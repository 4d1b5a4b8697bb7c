// Server mode's pool: its engine, its options, and the building blocks of its rooms (dispatch, fleet, wire).
export { createPool, modelSettings, type CreatePoolOptions } from './create.js';
export { ServerEngine } from './engine.js';
export { createServerEngine } from './factory.js';
export { encodeForm, type MultipartBody, type TtsForm, type VoiceUpload } from './wire/form.js';
export { defaultWorkers, resolveServerOptions, serverOptionsSchema, type ResolvedServerOptions, type ServerOptions } from './options.js';
export { Pool, FAN_OUT_SETTLE_MS, type PoolOptions, type PoolRun, type SubmitOptions } from './dispatch/pool.js';
export { planFanOut, splitSentences, balancedCuts, type FanOutPlan } from './dispatch/split.js';
export { stitchParts, placeholderHeader } from './dispatch/stitch.js';
export { SilenceTrimmer } from './dispatch/trim.js';
export { answerError, type HttpAnswer } from './wire/status.js';
export { backoffDelay, type BackoffPolicy } from './fleet/backoff.js';
export { freePort } from './fleet/port.js';
export { getHealth } from './wire/health.js';
export { Sidecar, type SidecarSpec, type SidecarExit } from './fleet/sidecar.js';
export { serveArgs, type ModelSettings } from './fleet/sidecar-args.js';
export { LocalFleet } from './fleet/local.js';
export { RemoteFleet } from './fleet/remote.js';
export type { Fleet } from './fleet/fleet.js';
