// Typed events of a tts instance (and of the `serve` front), and the helpers that produce them.
export type { EngineObserver, ProcessExitEvent, RequestApi, RequestEvent, RestartReason, TtsEvents, VoiceSource, WarningEvent, WorkerEvent } from './types.js';
export { exitAbortWarning } from './exit-abort.js';
export { ignoreEngineEvents } from './types.js';
export { RequestProbe } from './probe.js';
export { voiceSource, formVoiceSource } from './voice-source.js';
export { logRequest } from './log.js';
export { observePool } from './pool.js';
export { countAudio, type AudioCount } from './audio-count.js';
export { HttpRequestRecord } from './http.js';
