// Server mode's pool. One vocabulary, defined here once:
// - Sidecar: one `pocket-tts serve` process (fleet/sidecar.ts).
// - Worker: a place in the pool that serves one request at a time; the queue hands out workers. A
//   SidecarWorker supervises one sidecar at a time (restarts, recycles, health checks); a RemoteWorker is
//   one of the requests sent at once to an external pool (fleet/).
// - Fleet: a pool's workers and their lives (LocalFleet, RemoteFleet); it reports to the pool through
//   FleetHooks and never touches the queue.
// - Part: a contiguous piece of a request's text, in speaking order; a request that is not fanned out is
//   one part (dispatch/part.ts, dispatch/fanout.ts).
// - Attempt: one POST /tts of one part on one worker; a part makes a second attempt on another worker
//   when the first crashed before any audio (dispatch/attempt.ts).
// - Lease: a worker held by one attempt: where to send, its stderr since the send, how the attempt ended.
// - Tap: a part's output stream, and what passed through it (bytes, first audio, trailing silence).
// Rooms: dispatch/ (the Pool: queue, parts, fan-out, stitching) → fleet/ (workers, sidecars, spares,
// health, ports, backoff) and wire/ (the client side of upstream's HTTP API). The engine, its factory and
// its options sit at the root; the HTTP front of `serve` is src/serve/, apart from the client side.
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
export { Sidecar, type SidecarSpec, type SidecarExit } from './fleet/sidecar.js';
export { serveArgs, type ModelSettings } from './fleet/sidecar-args.js';
export { LocalFleet } from './fleet/local.js';
export { RemoteFleet } from './fleet/remote.js';
export { SidecarWorker } from './fleet/sidecar-worker.js';
export type { Fleet, FleetHooks } from './fleet/fleet.js';
export type { Lease, Worker } from './fleet/worker.js';
