import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { zodError } from '../errors/zod.js';
import type { ProvisionOptions } from '../runtime/options.js';
import type { ResolveRuntimeOptions } from '../runtime/resolve.js';
import type { Runtime } from '../runtime/types.js';
import { silentLogger, type Logger } from '../request/logger.js';
import type { EngineMode } from '../request/mode.js';
import type { ControlCharacterPolicy } from '../request/text.js';
import { resolveVoicesOption, type ResolvedVoicesOption, type VoicesOption } from '../voices/named.js';
import { resolveServerOptions, serverOptionsSchema, type ResolvedServerOptions, type ServerOptions } from '../engines/pool/options.js';
import { resolveMetricsOptions, type MetricsOptions, type ResolvedMetricsOptions } from '../metrics/registry.js';

/** Options of createTts(); all optional. */
export interface TtsOptions {
  /** The runtime: a Runtime, a runtime id or folder, or resolveRuntime() options (default: the home's current runtime). */
  runtime?: Runtime | string | ResolveRuntimeOptions;
  /** Provision (or reuse) a runtime with these options instead of resolving one. */
  provision?: ProvisionOptions;
  /** `cli` (default): one process per request. `server`: a pool of warm sidecars. */
  mode?: EngineMode;
  /** Generations at once (default: the number of CPU cores; pocket-tts uses about one core each). */
  concurrency?: number;
  /** Requests waiting for a worker before new ones are refused with QUEUE_FULL (default 100). */
  maxQueue?: number;
  /** Per-request timeout, queueing included (default 300,000 ms). */
  timeoutMs?: number;
  /** SIGTERM-to-SIGKILL grace when a request is stopped (default 2,000 ms). */
  graceMs?: number;
  /** pino-compatible logger (default: silent). */
  logger?: Logger;
  /** Exported voices usable by name (default: `.pocket-tts/voices` beside `voices.json` in the cwd, if its index exists). */
  voices?: VoicesOption;
  /** Server mode: the sidecar pool (or an external pool's `url`); see RUNTIME.md "Server mode". */
  server?: ServerOptions;
  /** Prometheus metrics (prom-client): `true` for the default registry, or `{ registry, prefix }` (default: off). See RUNTIME.md "Observability". */
  metrics?: boolean | MetricsOptions;
  limits?: {
    /** Longest accepted text in characters (default 20,000). */
    maxTextLength?: number;
    /** Control characters other than tab/newline/CR: `strip` (default) or `reject`. NUL is always refused. */
    controlCharacters?: ControlCharacterPolicy;
    /** Folders voice files must be inside (default: the working directory). */
    voiceRoots?: readonly string[];
    /** Allow http(s):// and hf:// voices (default false). */
    allowRemoteVoices?: boolean;
  };
}

/** Options with defaults applied once. */
export interface ResolvedTtsOptions {
  runtime: TtsOptions['runtime'];
  provision: ProvisionOptions | undefined;
  mode: EngineMode;
  concurrency: number;
  maxQueue: number;
  timeoutMs: number;
  graceMs: number;
  logger: Logger;
  maxTextLength: number;
  controlCharacters: ControlCharacterPolicy;
  voiceRoots: string[];
  allowRemoteVoices: boolean;
  voices: ResolvedVoicesOption;
  server: ResolvedServerOptions;
  metrics: ResolvedMetricsOptions | null;
}

const positiveInt = z.number().int().positive();
const optionsSchema = z.looseObject({
  mode: z.enum(['cli', 'server']).optional(),
  concurrency: positiveInt.max(256).optional(),
  maxQueue: z.number().int().min(0).optional(),
  timeoutMs: positiveInt.max(2_147_483_647).optional(),
  graceMs: z.number().int().min(0).max(600_000).optional(),
  limits: z
    .strictObject({
      maxTextLength: positiveInt.optional(),
      controlCharacters: z.enum(['strip', 'reject']).optional(),
      voiceRoots: z.array(z.string().min(1)).optional(),
      allowRemoteVoices: z.boolean().optional(),
    })
    .optional(),
  voices: z.strictObject({ manifest: z.string().min(1).optional(), dir: z.string().min(1).optional() }).optional(),
  server: serverOptionsSchema.optional(),
  metrics: z.union([z.boolean(), z.strictObject({ registry: z.unknown().optional(), prefix: z.string().optional() })]).optional(),
});

/** Validates createTts() options (INVALID_CONFIG naming the field) and applies the defaults. */
export function resolveTtsOptions(options: TtsOptions): ResolvedTtsOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw zodError('INVALID_CONFIG', parsed.error, ({ path, message, issues }) => ({ message: `createTts option ${path}: ${message}`, field: path, details: { issues } }));
  const limits = options.limits ?? {};
  return {
    runtime: options.runtime,
    provision: options.provision,
    mode: options.mode ?? 'cli',
    concurrency: options.concurrency ?? availableParallelism(),
    maxQueue: options.maxQueue ?? 100,
    timeoutMs: options.timeoutMs ?? 300_000,
    graceMs: options.graceMs ?? 2_000,
    logger: options.logger ?? silentLogger,
    maxTextLength: limits.maxTextLength ?? 20_000,
    controlCharacters: limits.controlCharacters ?? 'strip',
    voiceRoots: (limits.voiceRoots ?? [process.cwd()]).map((root) => resolve(root)),
    allowRemoteVoices: limits.allowRemoteVoices ?? false,
    voices: resolveVoicesOption(options.voices),
    server: resolveServerOptions(options.server),
    metrics: resolveMetricsOptions(options.metrics),
  };
}
