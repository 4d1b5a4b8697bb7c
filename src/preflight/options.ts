// preflight()'s options: validated once with zod (INVALID_CONFIG naming the field), defaults applied.
import { resolve } from 'node:path';
import { z } from 'zod';
import { resolveHome } from '../config/home.js';
import type { TtsError } from '../errors/index.js';
import { zodError } from '../errors/zod.js';
import { CATALOG_VOICES, LANGUAGES, defaultVoice, isCatalogVoice, isLanguage } from '../hub/languages.js';
import { runtimeSchema } from '../runtime/marker.js';
import type { ResolveRuntimeOptions } from '../runtime/resolve.js';
import type { Runtime } from '../runtime/types.js';
import type { ResolvedPreflightOptions } from './facts/types.js';

/** 1 GiB: room for the English weights (~220 MB), tokenizer and voices, with margin. */
export const DEFAULT_MIN_FREE_BYTES = 1024 ** 3;
/** Where the voices exporter writes, relative to the working directory. */
export const DEFAULT_VOICES_DIR = '.pocket-tts/voices';

const port = z.number().int().min(1).max(65535);

// A Runtime object is checked against the marker's schema; its TypeScript type is the Runtime interface.
const runtimeOption = z.union([runtimeSchema, z.string().min(1)]) as z.ZodType<Runtime | string>;

/** The schema of preflight() options; every one is optional, each default is written beside it. */
export const preflightOptionsSchema = z
  .object({
    /** Home folder (default: `POCKET_TTS_RUNTIME_HOME`, else the platform data folder). */
    home: z.string().min(1).optional(),
    /** A Runtime, a runtime folder, or a runtime id in the home (default: the home's current runtime). */
    runtime: runtimeOption.optional(),
    /** Check this existing `pocket-tts` (system mode) instead of a provisioned runtime. */
    executable: z.string().min(1).optional(),
    /** Override the runtime's `HF_HOME` for this check. */
    hfHome: z.string().min(1).optional(),
    /** Override the runtime's `HF_HUB_CACHE` for this check. */
    hfHubCache: z.string().min(1).optional(),
    /** Check as if pocket-tts ran with `HF_HUB_OFFLINE=1` (also on when the runtime is offline). */
    offline: z.boolean().default(false),
    /** Warnings count as failures in `ok` and the exit code. */
    strict: z.boolean().default(false),
    /** Built-in language to check files for. */
    language: z.string().refine(isLanguage, `expected one of ${LANGUAGES.join(', ')}`).default('english'),
    /** Catalog voices to check offline (default: the language's default voice). */
    voices: z.array(z.string().refine(isCatalogVoice, `expected catalog voices (${CATALOG_VOICES.join(', ')})`)).readonly().optional(),
    /** Folder of exported voices with `index.json` (relative to the working directory). */
    voicesDir: z.string().min(1).default(DEFAULT_VOICES_DIR),
    /** Voices from audio are configured: needs the gated weights and a token. */
    cloning: z.boolean().default(false),
    /** Server mode: the pool size and the port range its sidecars bind. */
    server: z
      .object({ workers: z.number().int().min(1).max(256), portRange: z.tuple([port, port]).readonly() })
      .strict()
      .refine((s) => s.portRange[0] <= s.portRange[1], { message: 'portRange must be [from, to] with from <= to', path: ['portRange'] })
      .refine((s) => s.portRange[1] - s.portRange[0] + 1 >= s.workers, { message: 'portRange holds fewer ports than workers', path: ['portRange'] })
      .optional(),
    /** Workers run `--quantize` (smaller weights; the same memory peak at model load). */
    quantize: z.boolean().default(false),
    /** Free space required in the caches. */
    minFreeBytes: z.number().int().min(0).default(DEFAULT_MIN_FREE_BYTES),
    /** Environment pocket-tts will run with (default: process.env). */
    env: z.record(z.string(), z.string().optional()).optional(),
  })
  .strict();

/** Options of {@link preflight}; every one is optional. */
export type PreflightOptions = z.input<typeof preflightOptionsSchema>;

/** Validated options: the checks' view, and what is handed to resolveRuntime(). */
export interface ParsedPreflightOptions {
  options: ResolvedPreflightOptions;
  runtime: ResolveRuntimeOptions;
}

/** Validates and applies defaults; throws INVALID_CONFIG naming the first bad field. */
export function resolvePreflightOptions(input: PreflightOptions = {}): ParsedPreflightOptions {
  const parsed = preflightOptionsSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const o = parsed.data;
  const env = o.env ?? process.env;
  return { options: checkOptions(o, env), runtime: runtimeOptions(o, env) };
}

function runtimeOptions(o: z.output<typeof preflightOptionsSchema>, env: NodeJS.ProcessEnv): ResolveRuntimeOptions {
  return {
    env,
    ...(o.home === undefined ? {} : { home: o.home }),
    ...(o.runtime === undefined ? {} : { runtime: o.runtime }),
    ...(o.executable === undefined ? {} : { executable: o.executable }),
    ...(o.hfHome === undefined ? {} : { hfHome: o.hfHome }),
    ...(o.hfHubCache === undefined ? {} : { hfHubCache: o.hfHubCache }),
    // Only `true` is passed: offline: false would not remove a recorded HF_HUB_OFFLINE anyway.
    ...(o.offline === true ? { offline: true } : {}),
  };
}

function checkOptions(o: z.output<typeof preflightOptionsSchema>, env: NodeJS.ProcessEnv): ResolvedPreflightOptions {
  const language = isLanguage(o.language) ? o.language : 'english';
  const { offline, strict, cloning, quantize, minFreeBytes } = o;
  return {
    home: resolveHome(o.home, env),
    offline,
    strict,
    language,
    voices: o.voices ?? [defaultVoice(language)],
    voicesDir: resolve(o.voicesDir),
    cloning,
    server: o.server ?? null,
    quantize,
    minFreeBytes,
    env,
  };
}

function invalid(error: z.ZodError): TtsError {
  return zodError('INVALID_CONFIG', error, ({ path, message, unknownKeys, didYouMean, issues }) => {
    const field = path === '' ? 'options' : path;
    return {
      message: `invalid preflight option ${field}: ${unknownKeys === null ? message : `unknown option ${unknownKeys.join(', ')}${didYouMean}`}`,
      field,
      hint: 'Fix the named option; `pocket-tts-runtime preflight --help` lists the accepted values.',
      details: { issues: issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
    };
  }, { schema: preflightOptionsSchema });
}
