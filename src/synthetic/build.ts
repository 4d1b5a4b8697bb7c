// synthetic-cache: a Hub-layout cache of RANDOM weights built by the runtime's own pocket-tts, for CI
// machines that cannot download the real ones. The speech it produces is noise; every output says so.
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { z } from 'zod';
import { assetPath } from '../assets.js';
import { TtsError } from '../errors/index.js';
import { engineEnv } from '../process/index.js';
import { runtimeFrom, type RuntimeOption } from '../runtime/option.js';

/** What every output of synthetic-cache says first. */
export const SYNTHETIC_NOTICE = 'SYNTHETIC CACHE: random weights. pocket-tts runs on it for real, but every voice and every generated WAV is noise, not speech. For CI only.';

/** Options of {@link buildSyntheticCache}. */
export interface SyntheticCacheOptions {
  /** The HF_HUB_CACHE folder to create or extend (point `HF_HUB_CACHE`, or `--hf-hub-cache`, at it afterwards). */
  out: string;
  /** The runtime whose pocket-tts builds the model (default: the home's current one). */
  runtime?: RuntimeOption;
  /** A built-in language of the installed release (default `english`). */
  language?: string;
  /** Catalog voices to export: `all` (default), `default` (the language's), `none`, or names. */
  voices?: 'all' | 'default' | 'none' | readonly string[];
  /** Seed of the random weights and the tokenizer (default 1234): the same inputs give the same files. */
  seed?: number;
  /** Rebuild even when the folder already holds a build with the same inputs. */
  force?: boolean;
  signal?: AbortSignal;
  /** Progress lines (the builder's steps). */
  onStep?: (message: string) => void;
}

const fileSchema = z.object({ role: z.string(), url: z.string(), repo: z.string(), revision: z.string().nullable(), path: z.string(), cachePath: z.string(), sha256: z.string(), size: z.number() });
const doneSchema = z.object({
  event: z.literal('done'),
  notice: z.string(),
  synthetic: z.literal(true),
  reused: z.boolean(),
  manifest: z.string().optional(),
  pocketTtsVersion: z.string(),
  language: z.string(),
  defaultVoice: z.string(),
  voices: z.array(z.string()),
  tokenizer: z.string(),
  files: z.array(fileSchema),
  config: z.string(),
  seconds: z.number().optional(),
});
const eventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('step'), message: z.string() }),
  z.object({ event: z.literal('error'), error: z.string() }),
  doneSchema,
]);

/** What was built (or found already built). */
export interface SyntheticCacheResult {
  /** Always true: the weights are random and the speech is noise. */
  synthetic: true;
  notice: string;
  /** The cache folder: use it as `HF_HUB_CACHE`. */
  hfHubCache: string;
  /** The manifest listing every file (repo, revision, path, sha256): `<out>/pocket-tts-synthetic-<version>-<language>.json`. */
  manifest: string;
  /** True when a build with the same inputs was already there (nothing was written). */
  reused: boolean;
  pocketTtsVersion: string;
  language: string;
  defaultVoice: string;
  voices: string[];
  tokenizer: string;
  files: z.infer<typeof fileSchema>[];
  /** The same model as a local YAML for `--config` (every path a file of this cache): no Hub lookups at all. */
  config: string;
  durationMs: number;
}

/**
 * Builds a Hugging Face Hub cache for one language with the runtime's own pocket-tts: the full-size model
 * with random weights (EOS head disabled, so audio length grows with the text), a tokenizer of the size
 * the model needs, the catalog voices and the voice-cloning weights, all at the release's pinned commits.
 * With `HF_HUB_CACHE` pointing at it, `--language`, catalog voices, cloning and offline mode work without
 * any network. THE SPEECH IS NOISE. Reuses a build with the same inputs (release, torch, language,
 * voices, seed) unless `force`.
 */
export async function buildSyntheticCache(options: SyntheticCacheOptions): Promise<SyntheticCacheResult> {
  const started = performance.now();
  const out = resolve(options.out);
  const runtime = await runtimeFrom(options.runtime);
  if (runtime.python === null) {
    throw new TtsError('RUNTIME_BROKEN', `synthetic-cache needs the runtime's Python, which is unknown for the ${runtime.mode} runtime ${runtime.id}`, {
      hint: 'Provision a venv runtime: `pocket-tts-runtime provision`.',
    });
  }
  const voices = options.voices ?? 'all';
  const args = [
    ...runtime.python.args,
    assetPath('src', 'python', 'synthetic_cache.py'),
    '--out', out,
    '--language', options.language ?? 'english',
    '--voices', typeof voices === 'string' ? voices : voices.join(','),
    '--seed', String(options.seed ?? 1234),
    ...(options.force === true ? ['--force'] : []),
  ];
  // Nothing is downloaded: the offline flag makes sure of it.
  const child = execa(runtime.python.file, args, {
    env: engineEnv(runtime, { HF_HUB_OFFLINE: '1', PYTHONDONTWRITEBYTECODE: '1' }),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
    forceKillAfterDelay: 5_000,
  });
  let done: z.infer<typeof doneSchema> | undefined;
  let failure: string | undefined;
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    const parsed = eventSchema.safeParse(safeJson(line));
    if (!parsed.success) continue;
    const event = parsed.data;
    if (event.event === 'step') options.onStep?.(event.message);
    else if (event.event === 'error') failure = event.error;
    else done = event;
  }
  const result = await child;
  if (result.isCanceled) throw new TtsError('ABORTED', 'synthetic-cache was cancelled', { cause: result });
  if (done === undefined) throw builderFailure(failure, result.stderr, result.exitCode, out);
  return {
    synthetic: true,
    notice: SYNTHETIC_NOTICE,
    hfHubCache: out,
    manifest: done.manifest ?? resolve(out, `pocket-tts-synthetic-${done.pocketTtsVersion}-${done.language}.json`),
    reused: done.reused,
    pocketTtsVersion: done.pocketTtsVersion,
    language: done.language,
    defaultVoice: done.defaultVoice,
    voices: done.voices,
    tokenizer: done.tokenizer,
    files: done.files,
    config: done.config,
    durationMs: performance.now() - started,
  };
}

// A wrong language or voice is the caller's mistake; the contract double and a broken runtime are not.
function builderFailure(error: string | undefined, stderr: string, exitCode: number | undefined, out: string): TtsError {
  const tail = stderr.trim().split('\n').slice(-12).join('\n');
  const exit = exitCode === undefined ? {} : { exitCode };
  if (error === undefined) return new TtsError('PROCESS_FAILED', `the synthetic-cache builder ended without a result${exitCode === undefined ? '' : ` (exit ${exitCode})`}`, { ...exit, stderr: tail });
  if (/^ValueError: .*(no built-in language|not catalog voices)/.test(error)) return new TtsError('INVALID_CONFIG', error.replace(/^ValueError: /, ''), { ...exit, field: /language/.test(error) ? 'language' : 'voices' });
  if (/contract double/.test(error)) return new TtsError('RUNTIME_BROKEN', error.replace(/^RuntimeError: /, ''), { ...exit, hint: 'Provision the real pocket-tts: `pocket-tts-runtime provision` (without --wheelhouse of the double).' });
  if (/^(?:ModuleNotFoundError|ImportError)/.test(error)) return new TtsError('RUNTIME_BROKEN', `the runtime cannot build a synthetic cache: ${error}`, { ...exit, stderr: tail, hint: 'Re-provision: `pocket-tts-runtime provision --force`.' });
  return new TtsError('PROCESS_FAILED', `building the synthetic cache in ${out} failed: ${error}`, { ...exit, stderr: tail });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
