// bench(): the whole harness against a pocket-tts runtime, writing bench.json, bench.md and bench.svg.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Runtime } from '../runtime/types.js';
import { compareResults, type Comparison } from './compare.js';
import { comparisonMarkdown } from './compare-render.js';
import { readBenchResult, writeBenchOutputs, type BenchFiles } from './output.js';
import { runBench, type BenchProgress, type BenchVoiceSample } from './run.js';
import { loadSampleTexts, loadVoiceSpecs, SAMPLE_TEXT_IDS, type SampleTextId } from './samples.js';
import type { BenchResult } from './schema.js';
import { ttsTarget } from './tts-target.js';
import { writeVoices } from './voices.js';

/** Defaults of {@link bench} (and of `pocket-tts-runtime bench`). */
export const BENCH_DEFAULTS = { modes: ['cli', 'server'], concurrency: [1, 2, 4], runs: 3, out: 'bench-out' } as const;

/** Options of {@link bench}. */
export interface BenchOptions {
  runtime: Runtime;
  /** Folder for bench.json, bench.md, bench.svg and the synthetic voices (`voices/`). */
  out: string;
  modes?: readonly ('cli' | 'server')[];
  concurrency?: readonly number[];
  /** Rounds per cell (default 3). */
  runs?: number;
  texts?: readonly SampleTextId[];
  /** An earlier bench.json: the result is compared with it (read before anything runs). */
  compare?: string;
  /** Per-request timeout (default createTts's). */
  timeoutMs?: number;
  warmup?: boolean;
  sampleIntervalMs?: number;
  onProgress?: (event: BenchProgress) => void;
}

/** What {@link bench} produced. */
export interface BenchOutcome {
  result: BenchResult;
  files: BenchFiles;
  /** Set with `compare`. */
  comparison: Comparison | null;
}

/** Measures pocket-tts (CLI and/or server mode) with the shipped samples and writes the three outputs. */
export async function bench(options: BenchOptions): Promise<BenchOutcome> {
  const old = options.compare === undefined ? null : await readBenchResult(options.compare);
  const out = resolve(options.out);
  const voices = await sampleVoices(join(out, 'voices'));
  const result = await runBench({
    target: ttsTarget({ runtime: options.runtime, voiceRoots: [join(out, 'voices')], ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) }),
    modes: options.modes ?? BENCH_DEFAULTS.modes,
    concurrency: options.concurrency ?? BENCH_DEFAULTS.concurrency,
    runs: options.runs ?? BENCH_DEFAULTS.runs,
    texts: await loadSampleTexts(options.texts ?? SAMPLE_TEXT_IDS),
    voices,
    ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
    ...(options.sampleIntervalMs === undefined ? {} : { sampleIntervalMs: options.sampleIntervalMs }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const comparison = old === null ? null : compareResults(old, result);
  const extra = comparison === null ? '' : comparisonMarkdown(comparison, options.compare ?? '');
  return { result, files: await writeBenchOutputs(result, out, extra), comparison };
}

/** The default voice, then the synthetic voices written as WAVs into `dir`. */
export async function sampleVoices(dir: string): Promise<BenchVoiceSample[]> {
  await mkdir(dir, { recursive: true });
  const specs = await loadVoiceSpecs();
  const files = await writeVoices(specs, dir);
  return [
    { id: 'default', file: undefined, kind: 'default', seconds: null, f0: null },
    ...specs.map((spec) => ({ id: spec.id, file: files.get(spec.id), kind: 'synthetic' as const, seconds: spec.seconds, f0: spec.f0 })),
  ];
}
