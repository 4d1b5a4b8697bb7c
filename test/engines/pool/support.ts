// Helpers for server-mode tests: a tts whose pool is reachable, captured logs, pool events.
import type { EventEmitter } from 'node:events';
import { ENGINE_FACTORIES, createTts, type Tts, type TtsOptions } from '../../../src/tts/index.js';
import type { Runtime } from '../../../src/runtime/index.js';
import { ServerEngine, type Pool } from '../../../src/engines/pool/index.js';
import { doubleRuntime } from '../../support/double-runtime.js';

/** The double with fast loads and frames, and no shutdown delay (close stays quick). */
export function sidecarRuntime(knobs: Record<string, string> = {}): Promise<Runtime> {
  return doubleRuntime({ SHUTDOWN_MS: '0', ...knobs });
}

/** Fast restarts and no periodic health checks unless a test asks for them. */
export const FAST: NonNullable<TtsOptions['server']> = { restartDelayMs: 20, maxRestartDelayMs: 200, healthIntervalMs: 0, closeGraceMs: 2_000, startTimeoutMs: 30_000 };

/** createTts in server mode, started, with its pool (captured from the engine factory). */
export async function serverTts(options: TtsOptions): Promise<{ tts: Tts; pool: Pool }> {
  const original = ENGINE_FACTORIES.server;
  if (original === undefined) throw new Error('no server factory');
  let captured: Pool | undefined;
  ENGINE_FACTORIES.server = async (runtime, resolved) => {
    const engine = await original(runtime, resolved);
    if (engine instanceof ServerEngine) captured = engine.pool;
    return engine;
  };
  try {
    const tts = createTts({ ...options, mode: 'server', server: { ...FAST, ...options.server } });
    await tts.ready();
    if (captured === undefined) throw new Error('the server engine did not start');
    return { tts, pool: captured };
  } finally {
    ENGINE_FACTORIES.server = original;
  }
}

/** Log lines kept for assertions. */
export function recordingLogger(): { logger: NonNullable<TtsOptions['logger']>; lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, msg: msg ?? '', obj });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** Records every pool event in order. */
export function recordEvents(emitter: EventEmitter): { name: string; data: Record<string, unknown> }[] {
  const seen: { name: string; data: Record<string, unknown> }[] = [];
  for (const name of ['ready', 'crash', 'start-failed', 'failed', 'recycle', 'retry']) emitter.on(name, (data: Record<string, unknown>) => seen.push({ name, data }));
  return seen;
}

/** Resolves with the next `name` event's data. */
export function nextEvent(emitter: EventEmitter, name: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => emitter.once(name, resolve));
}

/** The rejection of a promise that must reject. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => new Error('expected a rejection'), (error: unknown) => error);
}

/** `n` sentences of similar length. */
export function sentences(n: number): string {
  return Array.from({ length: n }, (_, i) => `Sentence number ${i + 1} carries a few more words along.`).join(' ');
}
