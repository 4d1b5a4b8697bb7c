// createTts() options: one zod schema, each default beside its option; the types are derived from it.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { serverOptionsSchema } from '../engines/pool/options.js';
import { zodError } from '../errors/zod.js';
import { resolveMetricsOptions, type MetricsRegistry } from '../metrics/registry.js';
import { silentLogger, type Logger } from '../request/logger.js';
import type { ProvisionOptions } from '../runtime/options.js';
import type { RuntimeOption } from '../runtime/option.js';
import { resolveVoicesOption } from '../voices/named.js';

const positiveInt = z.number().int().positive();

/** The schema of createTts() options; all optional. An unknown key, at any level, is INVALID_CONFIG naming it (with the key it resembles). */
export const ttsOptionsSchema = z.strictObject({
  /** The runtime: a Runtime, a runtime id or folder, or resolveRuntime() options (default: the home's current runtime). */
  runtime: z.custom<RuntimeOption>().optional(),
  /** Provision (or reuse) a runtime with these options instead of resolving one. */
  provision: z.custom<ProvisionOptions>().optional(),
  /** `cli`: one process per request. `server`: a pool of warm sidecars. */
  mode: z.enum(['cli', 'server']).default('cli'),
  /** Generations at once (default: the number of CPU cores; pocket-tts uses about one core each). */
  concurrency: positiveInt.max(256).default(() => availableParallelism()),
  /** Requests waiting for a worker before new ones are refused with QUEUE_FULL. */
  maxQueue: z.number().int().min(0).default(100),
  /** Per-request timeout, queueing included. */
  timeoutMs: positiveInt.max(2_147_483_647).default(300_000),
  /** SIGTERM-to-SIGKILL grace when a request is stopped. */
  graceMs: z.number().int().min(0).max(600_000).default(2_000),
  /** pino-compatible logger (default: silent). */
  logger: z.custom<Logger>().default(silentLogger),
  /** Exported voices usable by name (default: `.pocket-tts/voices` beside `voices.json` in the cwd, if its index exists). */
  voices: z.strictObject({ manifest: z.string().min(1).optional(), dir: z.string().min(1).optional() }).optional(),
  /** Server mode: the sidecar pool (or an external pool's `url`); see RUNTIME.md "Server mode". */
  server: serverOptionsSchema.prefault({}),
  /** Prometheus metrics (prom-client): `true` for the default registry, or `{ registry, prefix }` (default: off). See RUNTIME.md "Observability". */
  metrics: z.union([z.boolean(), z.strictObject({ registry: z.custom<MetricsRegistry>().optional(), prefix: z.string().optional() })]).optional(),
  limits: z
    .strictObject({
      /** Longest accepted text in characters. */
      maxTextLength: positiveInt.default(20_000),
      /** Control characters other than tab/newline/CR: `strip` or `reject`. NUL is always refused. */
      controlCharacters: z.enum(['strip', 'reject']).default('strip'),
      /** Folders voice files must be inside (default: the working directory). */
      voiceRoots: z.array(z.string().min(1)).default(() => [process.cwd()]),
      /** Allow http(s):// and hf:// voices. */
      allowRemoteVoices: z.boolean().default(false),
    })
    .prefault({}),
});

/** Options of createTts(); all optional. */
export type TtsOptions = z.input<typeof ttsOptionsSchema>;

/** Options with defaults applied once (limits flattened, voices and metrics resolved). */
export type ResolvedTtsOptions = ReturnType<typeof resolveTtsOptions>;

/** Validates createTts() options (INVALID_CONFIG naming the field) and applies the defaults. */
export function resolveTtsOptions(options: TtsOptions) {
  const parsed = ttsOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw zodError(
      'INVALID_CONFIG',
      parsed.error,
      ({ path, message, unknownKeys, didYouMean, issues }) => {
        const field = unknownKeys === null ? path : [path, unknownKeys[0]].filter((p) => p !== '').join('.');
        return { message: `createTts option ${field}: ${unknownKeys === null ? message : `unknown option${didYouMean}`}`, field, details: { issues } };
      },
      { schema: ttsOptionsSchema },
    );
  }
  const { limits, voices, metrics, ...rest } = parsed.data;
  return {
    ...rest,
    ...limits,
    voiceRoots: limits.voiceRoots.map((root) => resolve(root)),
    voices: resolveVoicesOption(voices),
    metrics: resolveMetricsOptions(metrics),
  };
}
