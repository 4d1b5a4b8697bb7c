// Typed events of a tts instance (and of the `serve` front, see src/serve/record.ts), and the helpers that produce them.
export type { EngineObserver, PoolEvents, ProcessExitEvent, RequestApi, RequestEvent, RestartReason, TtsEvents, VoiceSource, WarningEvent, WorkerEvent } from './types.js';
export { exitAbortWarning } from './exit-abort.js';
export { ignoreEngineEvents } from './types.js';
export { RequestProbe } from './probe.js';
export { voiceSource } from './voice-source.js';
export { logRequest } from './log.js';
export { observePool } from './pool.js';
