// Server mode's options (createTts({ mode: 'server', server })), validated and with defaults.
import { availableParallelism, freemem } from 'node:os';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../request/catalog.js';

/** `createTts({ mode: 'server', server: {...} })`; all optional. */
export interface ServerOptions {
  /** An already-running pool (`pocket-tts-runtime serve`) or pocket-tts server: nothing is spawned. */
  url?: string;
  /** Sidecars (default: one per core, fewer when free memory is short); with `url`, requests sent at once (default 2). */
  workers?: number;
  /** Interface the sidecars bind (default 127.0.0.1: never anything but loopback unless set). */
  host?: string;
  /** The sidecars' model: a built-in language (default english)… */
  language?: Language;
  /** …or a local pocket-tts YAML config. */
  config?: string;
  /** int8 quantization of the sidecars' model (default false). */
  quantize?: boolean;
  /** From spawn to healthy, model load included (default 120,000 ms). */
  startTimeoutMs?: number;
  /** Delay before the first restart of a crashed sidecar, doubled on each further failure (default 500 ms)… */
  restartDelayMs?: number;
  /** …up to this (default 30,000 ms). */
  maxRestartDelayMs?: number;
  /** Failed starts in a row before a worker gives up (default 5). */
  maxStartFailures?: number;
  /** GET /health of each sidecar this often; 3 misses in a row restart it (default 5,000 ms; 0 = never). */
  healthIntervalMs?: number;
  /** Texts at least this long are split at sentence ends over several workers (default 300; 0 = never). */
  fanOutChars?: number;
  /** Send a request once more, to another worker, when its worker crashed before any audio (default true). */
  retryOnCrash?: boolean;
  /** Warm spare sidecars swapped in when a worker is recycled after an abort (default 0). */
  spares?: number;
  /** SIGTERM-to-SIGKILL grace for the sidecar of an aborted request (default 0: its work is abandoned anyway). */
  abortGraceMs?: number;
  /** SIGTERM-to-SIGKILL grace for the sidecars at close (default 5,000 ms; uvicorn shuts down gracefully). */
  closeGraceMs?: number;
  /** `cli`: fall back to CLI mode when no sidecar can start (default `none`: SERVER_START_FAILED). */
  fallback?: 'cli' | 'none';
}

/** Server options with defaults applied. */
export type ResolvedServerOptions = Required<Omit<ServerOptions, 'url' | 'language' | 'config'>> & Pick<ServerOptions, 'url' | 'language' | 'config'>;

const ms = z.number().int().min(0).max(2_147_483_647);

/** The zod schema (strict: unknown keys are refused as INVALID_CONFIG). */
export const serverOptionsSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).optional(),
    workers: z.number().int().min(1).max(64).optional(),
    host: z.string().min(1).optional(),
    language: z.enum(LANGUAGES).optional(),
    config: z.string().min(1).optional(),
    quantize: z.boolean().optional(),
    startTimeoutMs: ms.min(1).optional(),
    restartDelayMs: ms.optional(),
    maxRestartDelayMs: ms.optional(),
    maxStartFailures: z.number().int().min(1).max(1000).optional(),
    healthIntervalMs: ms.optional(),
    fanOutChars: z.number().int().min(0).optional(),
    retryOnCrash: z.boolean().optional(),
    spares: z.number().int().min(0).max(16).optional(),
    abortGraceMs: ms.optional(),
    closeGraceMs: ms.optional(),
    fallback: z.enum(['cli', 'none']).optional(),
  })
  .refine((o) => o.language === undefined || o.config === undefined, { message: 'language and config cannot be used together', path: ['config'] });

// A sidecar holds one model: about 450 MB upstream (234 MB quantized), plus Python and headroom.
const WORKER_MEMORY = { plain: 700 * 1024 ** 2, quantized: 400 * 1024 ** 2 };

/** Sidecars by default: one per core (pocket-tts generates on about one), as many as free memory holds, at least 1. */
export function defaultWorkers(quantize = false): number {
  const byMemory = Math.floor(freemem() / (quantize ? WORKER_MEMORY.quantized : WORKER_MEMORY.plain));
  return Math.max(1, Math.min(availableParallelism(), byMemory));
}

/** Applies the defaults (options already validated by the schema). */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const quantize = options.quantize ?? false;
  return {
    ...(options.url === undefined ? {} : { url: options.url.replace(/\/+$/, '') }),
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.config === undefined ? {} : { config: options.config }),
    workers: options.workers ?? (options.url === undefined ? defaultWorkers(quantize) : 2),
    host: options.host ?? '127.0.0.1',
    quantize,
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    restartDelayMs: options.restartDelayMs ?? 500,
    maxRestartDelayMs: options.maxRestartDelayMs ?? 30_000,
    maxStartFailures: options.maxStartFailures ?? 5,
    healthIntervalMs: options.healthIntervalMs ?? 5_000,
    fanOutChars: options.fanOutChars ?? 300,
    retryOnCrash: options.retryOnCrash ?? true,
    spares: options.spares ?? 0,
    abortGraceMs: options.abortGraceMs ?? 0,
    closeGraceMs: options.closeGraceMs ?? 5_000,
    fallback: options.fallback ?? 'none',
  };
}
