// What one request learns on its way, turned into its RequestEvent when it settles.
import { randomUUID } from 'node:crypto';
import { isTtsError } from '../errors/index.js';
import type { EngineMode } from '../request/mode.js';
import type { RequestApi, RequestEvent, VoiceSource } from './types.js';

/** What the probe takes from a result's timings (the caller's `Timings`). */
export interface ProbeTimings {
  firstByteMs: number | null;
  totalMs: number;
}

/** Collects a request's facts as they become known; `settle()` makes the event. */
export class RequestProbe {
  readonly id = randomUUID();
  readonly calledAt = performance.now();
  voice: VoiceSource | null = null;
  textLength: number;
  #queuedMs: number | null = null;
  #spawnMs: number | null = null;
  #firstPcmAt: number | null = null;
  #audioMs: number | null = null;
  #timings: ProbeTimings | null = null;

  /** `input`: the request as given (its `text` is counted until validation says what is spoken). */
  constructor(readonly api: RequestApi, input: unknown) {
    const text = typeof input === 'object' && input !== null ? (input as { text?: unknown }).text : undefined;
    this.textLength = typeof text === 'string' ? text.length : 0;
  }

  /** The request got a worker. */
  started(queuedMs: number, spawnMs: number): void {
    this.#queuedMs = queuedMs;
    this.#spawnMs = spawnMs;
  }

  /** When the first audio sample arrived (`performance.now()`), if it did. */
  firstAudio(at: number | null): void {
    this.#firstPcmAt = at;
  }

  /** The request succeeded with this much audio (and these timings, when the caller got them). */
  succeeded(audioMs: number, timings?: ProbeTimings): void {
    this.#audioMs = audioMs;
    this.#timings = timings ?? null;
  }

  /** The event for a request that ended with `error` (null: success) on a `mode` engine. */
  settle(mode: EngineMode, error: unknown): RequestEvent {
    const failed = error !== null && error !== undefined;
    const totalMs = this.#timings?.totalMs ?? performance.now() - this.calledAt;
    const audioMs = failed ? null : this.#audioMs;
    return {
      id: this.id,
      api: this.api,
      mode,
      outcome: failed ? 'error' : 'ok',
      code: isTtsError(error) ? error.code : null,
      exitCode: isTtsError(error) ? (error.exitCode ?? null) : null,
      queuedMs: this.#queuedMs,
      spawnMs: this.#spawnMs,
      firstByteMs: this.#timings?.firstByteMs ?? (this.#firstPcmAt === null ? null : this.#firstPcmAt - this.calledAt),
      totalMs,
      audioMs,
      realTimeFactor: realTimeFactor(audioMs, totalMs - (this.#queuedMs ?? 0)),
      voice: this.voice,
      textLength: this.textLength,
      error: failed ? asError(error) : null,
    };
  }
}

// Audio seconds per wall second on the worker; null without audio or time.
function realTimeFactor(audioMs: number | null, workMs: number): number | null {
  return audioMs === null || workMs <= 0 ? null : audioMs / workMs;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
