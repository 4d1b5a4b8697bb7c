// The harness: for each mode and concurrency level, start an engine, warm it up, then measure each text.
import { loadavg } from 'node:os';
import { packageVersion } from '../assets.js';
import { TtsError } from '../errors/index.js';
import type { BenchVoice } from './cell.js';
import { measureEngine } from './engine-cells.js';
import { environmentFacts } from './facts.js';
import type { SampleText } from './samples.js';
import { BENCH_SCHEMA_VERSION, type BenchCell, type BenchEngineRecord, type BenchResult } from './schema.js';
import type { BenchTarget } from './types.js';

/** A voice the harness uses, with the facts recorded about it. */
export interface BenchVoiceSample extends BenchVoice {
  kind: 'default' | 'synthetic';
  seconds: number | null;
  f0: number | null;
}

/** What {@link runBench} measures. */
export interface RunBenchOptions {
  target: BenchTarget;
  modes: readonly string[];
  concurrency: readonly number[];
  /** Rounds per cell. */
  runs: number;
  texts: readonly SampleText[];
  voices: readonly BenchVoiceSample[];
  /** Run `concurrency` unmeasured requests first (default true). */
  warmup?: boolean;
  /** Time between process samples (default 50 ms). */
  sampleIntervalMs?: number;
  /** Called after each engine start and each cell. */
  onProgress?: (event: BenchProgress) => void;
}

/** Progress of a run, for a live display. */
export type BenchProgress = { kind: 'engine'; engine: BenchEngineRecord } | { kind: 'cell'; cell: BenchCell };

/** Runs every cell and returns bench.json's content. Engines are started and closed one at a time. */
export async function runBench(options: RunBenchOptions): Promise<BenchResult> {
  for (const mode of options.modes) {
    if (!options.target.modes.includes(mode)) throw new TtsError('INVALID_CONFIG', `mode "${mode}" is not one of the target's: ${options.target.modes.join(', ')}`, { field: 'mode' });
  }
  const startedAt = new Date();
  const started = performance.now();
  const loadAtStart = loadavg();
  const target = await options.target.describe();
  const engines: BenchEngineRecord[] = [];
  const cells: BenchCell[] = [];
  for (const mode of options.modes) {
    for (const concurrency of options.concurrency) {
      const measured = await measureEngine(options, mode, concurrency);
      engines.push(measured.engine);
      cells.push(...measured.cells);
    }
  }
  return {
    schemaVersion: BENCH_SCHEMA_VERSION,
    tool: { name: 'pocket-tts-runtime', version: packageVersion() },
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
    config: configOf(options),
    environment: environmentFacts(loadAtStart),
    target,
    samples: {
      texts: options.texts.map(({ id, chars, sentences }) => ({ id, chars, sentences })),
      voices: options.voices.map(({ id, kind, seconds, f0 }) => ({ id, kind, seconds, f0 })),
    },
    engines,
    cells,
  };
}

function configOf(options: RunBenchOptions): BenchResult['config'] {
  return {
    modes: [...options.modes],
    concurrency: [...options.concurrency],
    runs: options.runs,
    texts: options.texts.map((text) => text.id),
    voices: options.voices.map((voice) => voice.id),
    warmup: options.warmup !== false,
    sampleIntervalMs: options.sampleIntervalMs ?? 50,
  };
}
