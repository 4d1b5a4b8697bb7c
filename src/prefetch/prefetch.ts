import { execa } from 'execa';
import { z } from 'zod';
import { assetPath } from '../assets.js';
import { TtsError } from '../errors/index.js';
import { requiredHubFiles, type HubFile } from '../hub/index.js';
import { engineEnv } from '../process/index.js';
import { runtimeFrom, type RuntimeOption } from '../runtime/option.js';
import type { Runtime } from '../runtime/types.js';
import type { Language } from '../request/catalog.js';

/** Options of prefetch(). */
export interface PrefetchOptions {
  runtime?: RuntimeOption;
  /** Default english. */
  language?: Language;
  /** Catalog voices to fetch (default: the language's default voice). */
  voices?: readonly string[];
  /** Also fetch the gated weights with voice cloning (needs HF_TOKEN with access). */
  cloning?: boolean;
  onFile?: (event: PrefetchEvent) => void;
}

const eventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('fetched'), repo: z.string(), path: z.string(), file: z.string() }),
  z.object({ event: z.literal('failed'), repo: z.string(), path: z.string(), required: z.boolean(), error: z.string() }),
  z.object({ event: z.literal('unavailable'), error: z.string() }),
  z.object({ event: z.literal('double') }),
]);
/** One line of the prefetch helper's report. */
export type PrefetchEvent = z.infer<typeof eventSchema>;

/** What prefetch did. */
export interface PrefetchResult {
  skipped: string | null;
  files: HubFile[];
  fetched: Extract<PrefetchEvent, { event: 'fetched' }>[];
  failed: Extract<PrefetchEvent, { event: 'failed' }>[];
  hfHubCache: string;
}

/**
 * Downloads the pinned Hugging Face files a language and its catalog voices need into the runtime's HF
 * cache (with the runtime's own huggingface_hub), so a container or an air-gapped host can then run with
 * HF_HUB_OFFLINE=1. The contract double needs no model files: it is skipped, saying so.
 */
export async function prefetch(options: PrefetchOptions = {}): Promise<PrefetchResult> {
  const runtime = await runtimeFrom(options.runtime);
  const files = prefetchFiles(runtime, options);
  const base = { files, fetched: [], failed: [], hfHubCache: runtime.caches.hfHubCache };
  if (runtime.versions.pocketTts.includes('double')) return { ...base, skipped: DOUBLE };
  if (runtime.python === null) {
    throw new TtsError('RUNTIME_BROKEN', "prefetch needs the runtime's Python, which is unknown for this runtime", { hint: 'Provision a venv runtime, or fetch with the `hf download` commands `preflight --offline` prints.' });
  }
  const outcome = await runHelper(runtime, files, options.onFile);
  return { ...base, skipped: outcome === 'double' ? DOUBLE : null, ...(outcome === 'double' ? {} : outcome) };
}

/** The files to fetch: the installed release's pins for the language and voices (pure: exported for table tests). */
export function prefetchFiles(runtime: Pick<Runtime, 'versions'>, options: Pick<PrefetchOptions, 'language' | 'voices' | 'cloning'>): HubFile[] {
  const voices = options.voices === undefined ? {} : { catalogVoices: options.voices };
  return requiredHubFiles({ language: options.language ?? 'english', ...voices, cloning: options.cloning ?? false, version: runtime.versions.pocketTts });
}

const DOUBLE = 'the contract double needs no model files';

// 'double' when the runtime's Python finds the contract double installed (versions unknown beforehand).
async function runHelper(runtime: Runtime, files: HubFile[], onFile: PrefetchOptions['onFile']): Promise<Pick<PrefetchResult, 'fetched' | 'failed'> | 'double'> {
  const python = runtime.python as NonNullable<Runtime['python']>;
  const jobs = files.map(({ repo, revision, path, required }) => ({ repo, revision, path, required }));
  // Downloading is the point: an offline setting of the runtime must not apply here.
  const child = execa(python.file, [...python.args, assetPath('src', 'python', 'prefetch.py')], {
    env: engineEnv(runtime, { HF_HUB_OFFLINE: undefined }),
    extendEnv: false,
    input: JSON.stringify(jobs),
    reject: false,
    lines: true,
  });
  const result = await child;
  const events = result.stdout.flatMap((line) => {
    const parsed = eventSchema.safeParse(safeJson(line));
    return parsed.success ? [parsed.data] : [];
  });
  if (events.some((e) => e.event === 'double')) return 'double';
  for (const event of events) onFile?.(event);
  const unavailable = events.find((e) => e.event === 'unavailable');
  if (unavailable !== undefined) throw new TtsError('RUNTIME_BROKEN', `huggingface_hub is not importable in the runtime: ${unavailable.error}`, { hint: 'pocket-tts depends on huggingface_hub: re-provision with `pocket-tts-runtime provision --force`.' });
  const fetched = events.filter((e) => e.event === 'fetched');
  const failed = events.filter((e) => e.event === 'failed');
  if (result.failed && failed.length === 0 && fetched.length < files.length) {
    throw new TtsError('MODEL_DOWNLOAD_FAILED', `the prefetch helper failed (exit ${result.exitCode ?? 'none'})`, { stderr: result.stderr.slice(-12).join('\n') });
  }
  return { fetched, failed };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
