// The facts a tts instance reports, as typed events: one per settled request, one per worker or process change.
import type { TtsError, TtsErrorCode } from '../errors/index.js';
import type { EngineMode } from '../request/mode.js';

/** Where a request's voice state came from: `exported` is the cache hit, `encoded` the miss (audio encoded for this request). */
export type VoiceSource = 'default' | 'catalog' | 'exported' | 'encoded' | 'remote';

/** The call that made a request: `generate()`, `stream()`, or a `POST /tts` to the `serve` front. */
export type RequestApi = 'generate' | 'stream' | 'http';

/** One request, once it settled (emitted as `request`, whatever the outcome). */
export interface RequestEvent {
  /** Request id (also the `id` of the engine job and its log lines). */
  id: string;
  api: RequestApi;
  /** The engine that ran it (`cli` when server mode fell back to CLI). */
  mode: EngineMode;
  outcome: 'ok' | 'error';
  /** The error's code, or null when the request succeeded. */
  code: TtsErrorCode | null;
  /** The pocket-tts process's exit code when its failure came with one, else null. */
  exitCode: number | null;
  /** Waiting for a worker; null when the request never got one (refused, invalid, aborted while queued). */
  queuedMs: number | null;
  /** Starting the work (spawn, or opening the request to a sidecar); null without a worker. */
  spawnMs: number | null;
  /** From the call to the first audio sample; null without audio. */
  firstByteMs: number | null;
  /** From the call to the end. */
  totalMs: number;
  /** Audio produced; null when the request failed. */
  audioMs: number | null;
  /** Audio seconds per wall second the request held its worker (`audioMs / (totalMs - queuedMs)`); null when it failed. */
  realTimeFactor: number | null;
  /** Where its voice came from; null when the request was refused before its voice was resolved. */
  voice: VoiceSource | null;
  /** Characters of the request's text. */
  textLength: number;
  /** The failure (a TtsError, unless something unexpected broke), or null. */
  error: Error | null;
}

/** A server-mode worker's life: its sidecar ready (with its load time), crashed, recycled, failing to start… */
export type WorkerEvent =
  | { type: 'ready'; worker: string; pid: number | null; /** Spawn to healthy (model load included); null for an external pool. */ loadMs: number | null }
  | { type: 'crash'; worker: string; pid: number | null; exitCode: number | null; signal: string | null }
  | { type: 'recycle'; worker: string; pid: number | null; reason: RestartReason }
  | { type: 'start-failed'; worker: string; failures: number; code: TtsErrorCode }
  | { type: 'failed'; worker: string; code: TtsErrorCode | null }
  | { type: 'retry'; worker: string; code: TtsErrorCode };

/** Why a sidecar was replaced: it died (`crash`, health checks included), or was stopped under an abandoned request or a broken connection. */
export type RestartReason = 'crash' | 'abandoned' | 'broken_connection';

/** A pocket-tts process that ended: every `generate` process (CLI mode), and `serve` sidecars that exited unexpectedly. */
export interface ProcessExitEvent {
  process: 'generate' | 'serve';
  pid: number | null;
  exitCode: number | null;
  signal: string | null;
  /** The request a `generate` process served. */
  requestId: string | null;
}

/**
 * Something went wrong that the request survived. `exit-abort`: a pocket-tts process died of SIGABRT at
 * exit (`terminate called without an active exception`) after its output was complete, so its result was
 * kept (see RUNTIME.md, "The exit abort").
 */
export interface WarningEvent {
  type: 'exit-abort';
  /** Which kind of pocket-tts process: a `generate`, an `export-voice`, the voice-export helper, a `serve` sidecar at shutdown. */
  process: 'generate' | 'export-voice' | 'voice-helper' | 'serve';
  /** The request (generate) or voice (export) it served, when there is one. */
  requestId: string | null;
  message: string;
}

/** Event names and payloads of a tts instance (`tts.on('request', (e) => …)`). */
export interface TtsEvents {
  request: RequestEvent;
  worker: WorkerEvent;
  exit: ProcessExitEvent;
  warning: WarningEvent;
}

/** Where an engine reports its worker and process events. */
export interface EngineObserver {
  worker(event: WorkerEvent): void;
  exit(event: ProcessExitEvent): void;
  warning?(event: WarningEvent): void;
}

/** An observer that drops everything. */
export const ignoreEngineEvents: EngineObserver = { worker: () => undefined, exit: () => undefined };

/**
 * What a server-mode pool emits (it is an `EventEmitter<PoolEvents>`): its workers' lives, as the workers
 * report them, and requests sent again after a crash. {@link observePool} turns them into WorkerEvents.
 */
export interface PoolEvents {
  /** A worker's sidecar answers /health (started, restarted or swapped in); an external pool answered. */
  ready: [{ worker: string; pid: number | null; loadMs: number | null }];
  /** A sidecar exited when nobody asked it to (health checks that stopped it included). */
  crash: [{ worker: string; pid: number; exitCode: number | null; signal: string | null; stderr: string }];
  /** A sidecar was replaced under an abandoned request or a broken connection. */
  recycle: [{ worker: string; pid: number; reason: Exclude<RestartReason, 'crash'> }];
  /** A sidecar failed to start (retried with backoff). */
  'start-failed': [{ worker: string; error: TtsError; failures: number }];
  /** A worker gave up after too many failed starts. */
  failed: [{ worker: string; error: TtsError | null }];
  /** A request was sent again to another worker: its first worker crashed before any audio. */
  retry: [{ worker: string; error: TtsError }];
  /** Something absorbed that an operator may want to know about (a sidecar's exit abort after a clean stop). */
  warning: [WarningEvent];
}
