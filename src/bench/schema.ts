// bench.json: versioned, validated by an exported zod schema so old results stay comparable.
import { z } from 'zod';

/** Bumped on any incompatible change of bench.json's shape. */
export const BENCH_SCHEMA_VERSION = 1;

const ms = z.number().min(0);
const count = z.number().int().min(0);

/** Nearest-rank statistics of one measurement over a cell's successful requests (null: none succeeded). */
export const statsSchema = z.object({ n: z.number().int().min(1), median: z.number(), p95: z.number(), min: z.number(), max: z.number() }).nullable();

/** CPU and memory of the engine's processes over a span (null where not measurable). */
export const usageSchema = z.object({
  cpuMs: ms.nullable(),
  peakRssBytes: count.nullable(),
  peakProcesses: count.nullable(),
  samples: count,
});

/** One (mode, concurrency, text) cell: `runs` rounds of `concurrency` simultaneous requests. */
export const cellSchema = z.object({
  mode: z.string(),
  concurrency: z.number().int().min(1),
  text: z.string(),
  requests: count,
  failures: count,
  /** Failures by error code. */
  errors: z.record(z.string(), count),
  /** First request sent to last one answered. */
  wallMs: ms,
  /** Successful requests per second of wall time. */
  requestsPerSecond: z.number().min(0),
  ttfbMs: statsSchema,
  totalMs: statsSchema,
  /** Real-time factor per request: audio duration / total time (higher is faster; 2 = twice real time). */
  rtf: statsSchema,
  audioMs: statsSchema,
  usage: usageSchema,
  /** CPU milliseconds per second of audio produced (null without CPU or audio). */
  cpuMsPerAudioSecond: z.number().min(0).nullable(),
});

/** One engine (mode, concurrency): its start, its warm-up, and its resources meanwhile. */
export const engineSchema = z.object({
  mode: z.string(),
  concurrency: z.number().int().min(1),
  /** Whose CPU and memory `usage` and the cells' usage count (see ProcessScope). */
  processes: z.enum(['descendants', 'self', 'none']),
  startMs: ms,
  warmupMs: ms,
  usage: usageSchema,
});

/** The whole result. */
export const benchResultSchema = z.object({
  schemaVersion: z.literal(BENCH_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  startedAt: z.string(),
  durationMs: ms,
  config: z.object({
    modes: z.array(z.string()).min(1),
    concurrency: z.array(z.number().int().min(1)).min(1),
    runs: z.number().int().min(1),
    texts: z.array(z.string()).min(1),
    voices: z.array(z.string()).min(1),
    warmup: z.boolean(),
    sampleIntervalMs: z.number().int().min(1),
  }),
  environment: z.object({
    platform: z.string(),
    arch: z.string(),
    osRelease: z.string(),
    cpuModel: z.string(),
    cores: z.number().int().min(1),
    logicalCpus: z.number().int().min(0),
    totalMemoryBytes: count,
    node: z.string(),
    clockTicksPerSecond: z.number().int().min(1),
    loadAverage: z.object({ start: z.array(z.number()), end: z.array(z.number()) }),
  }),
  target: z.object({
    backend: z.string(),
    label: z.string(),
    double: z.boolean().nullable(),
    versions: z.record(z.string(), z.string().nullable()),
    knobs: z.record(z.string(), z.string()),
    details: z.record(z.string(), z.unknown()),
  }),
  samples: z.object({
    texts: z.array(z.object({ id: z.string(), chars: count, sentences: count })),
    voices: z.array(z.object({ id: z.string(), kind: z.enum(['default', 'synthetic']), seconds: z.number().nullable(), f0: z.number().nullable() })),
  }),
  engines: z.array(engineSchema),
  cells: z.array(cellSchema),
});

/** bench.json. */
export type BenchResult = z.infer<typeof benchResultSchema>;
/** One cell of bench.json. */
export type BenchCell = z.infer<typeof cellSchema>;
/** One engine's start of bench.json. */
export type BenchEngineRecord = z.infer<typeof engineSchema>;
