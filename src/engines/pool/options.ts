// Server mode's options (createTts({ mode: 'server', server })): one zod schema, each default beside its option.
import { machineFacts, sidecarsThatFit, type MachineFacts } from '../../config/sidecar-memory.js';
import { z } from 'zod';
import { zodError } from '../../errors/zod.js';
import { LANGUAGES, YAML_CONFIG_NAME } from '../../request/catalog.js';

const ms = z.number().int().min(0).max(2_147_483_647);

/** The schema of `createTts({ mode: 'server', server: {...} })` (strict: unknown keys are INVALID_CONFIG). */
export const serverOptionsSchema = z
  .strictObject({
    /** An already-running pool (`pocket-tts-runtime serve`) or pocket-tts server: nothing is spawned. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** Sidecars (default: one per core, fewer when free memory is short); with `url`, requests sent at once (default 2). */
    workers: z.number().int().min(1).max(64).optional(),
    /** Interface the sidecars bind (never anything but loopback unless set). */
    host: z.string().min(1).default('127.0.0.1'),
    /** The sidecars' model: a built-in language (default english)… */
    language: z.enum(LANGUAGES).optional(),
    /** …or a local pocket-tts YAML config. */
    config: z.string().regex(YAML_CONFIG_NAME, 'a pocket-tts YAML config: the name must end in .yaml or .yml').optional(),
    /** int8 quantization of the sidecars' model. */
    quantize: z.boolean().default(false),
    /**
     * The voice of a request that names none (default: the language's own, e.g. alba): a catalog name, or an
     * exported `.safetensors` voice file (relative to the working directory). pocket-tts 3.3.0 on load it
     * once at start (`serve --default-voice`); 2.1.0 gets it with each request. Needed with `config` on 3.3.0
     * on, whose own default is an unpinned audio prompt cloned at start (network and the gated weights).
     */
    defaultVoice: z.string().min(1).regex(/^(?:[a-z][a-z_]*|.+\.safetensors)$/i, 'a catalog voice name (alba) or an exported .safetensors file').optional(),
    /** From spawn to healthy, model load included. */
    startTimeoutMs: ms.min(1).default(120_000),
    /** Delay before the first restart of a crashed sidecar, doubled on each further failure… */
    restartDelayMs: ms.default(500),
    /** …up to this. */
    maxRestartDelayMs: ms.default(30_000),
    /** Failed starts in a row before a worker gives up. */
    maxStartFailures: z.number().int().min(1).max(1000).default(5),
    /** GET /health of each sidecar this often; 3 misses in a row restart it (0 = never). */
    healthIntervalMs: ms.default(5_000),
    /** Texts at least this long are split at sentence ends over several workers (0 = never). */
    fanOutChars: z.number().int().min(0).default(300),
    /** Send a request once more, to another worker, when its worker crashed before any audio. */
    retryOnCrash: z.boolean().default(true),
    /**
     * Generations in flight per sidecar (default 1). Above 1 a sidecar overlaps requests on its one model,
     * as upstream's server does (each caller hears audio early, memory stays at one model per sidecar):
     * shown to compute exactly what each computes alone on pocket-tts 2.1.0, 3.3.0 and 4.0.1 (RUNTIME.md,
     * "Server mode"). An aborted request then stops its sidecar only when nothing else runs on it.
     */
    perWorker: z.number().int().min(1).max(8).default(1),
    /** Warm spare sidecars swapped in when a worker is recycled after an abort. */
    spares: z.number().int().min(0).max(16).default(0),
    /** SIGTERM-to-SIGKILL grace for the sidecar of an aborted request (its work is abandoned anyway). */
    abortGraceMs: ms.default(0),
    /** SIGTERM-to-SIGKILL grace for the sidecars at close (uvicorn shuts down gracefully). */
    closeGraceMs: ms.default(5_000),
    /** `cli`: fall back to CLI mode when no sidecar can start (`none`: SERVER_START_FAILED). */
    fallback: z.enum(['cli', 'none']).default('none'),
  })
  .refine((o) => o.language === undefined || o.config === undefined, { message: 'language and config cannot be used together', path: ['config'] })
  .transform(({ url, workers, ...o }) => ({
    ...o,
    url: url?.replace(/\/+$/, ''),
    workers: workers ?? (url === undefined ? defaultWorkers() : 2),
  }));

/** `createTts({ mode: 'server', server: {...} })`; all optional. */
export type ServerOptions = z.input<typeof serverOptionsSchema>;

/** Server options with defaults applied. */
export type ResolvedServerOptions = z.output<typeof serverOptionsSchema>;

/**
 * Sidecars by default: one per core (pocket-tts generates on about one), no more than available memory holds
 * at a sidecar's load peak (SIDECAR_MEMORY: ~1.3 GB, quantized too), at least 1. Facts not given are read
 * from the machine.
 */
export function defaultWorkers(machine: Partial<MachineFacts> = {}): number {
  const { cores, availableBytes } = machineFacts(machine);
  return Math.max(1, Math.min(cores, sidecarsThatFit(availableBytes)));
}

/** Validates and applies the defaults (INVALID_CONFIG naming the field). */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const parsed = serverOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  throw zodError('INVALID_CONFIG', parsed.error, ({ path, message, issues }) => ({ message: `server option ${path}: ${message}`, field: `server.${path}`, details: { issues } }));
}
