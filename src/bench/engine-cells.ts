// One engine's share of a run: start and warm-up (recorded apart), then a cell per text.
import { runCell } from './cell.js';
import type { RunBenchOptions } from './run.js';
import { startSampler } from './sampler.js';
import type { BenchCell, BenchEngineRecord } from './schema.js';
import type { BenchEngine } from './types.js';

/** Starts one engine, warms it up, measures a cell per text, and closes it whatever happens. */
export async function measureEngine(options: RunBenchOptions, mode: string, concurrency: number): Promise<{ engine: BenchEngineRecord; cells: BenchCell[] }> {
  const engine = options.target.engine(mode, concurrency);
  const interval = options.sampleIntervalMs ?? 50;
  try {
    const record = await startAndWarm(engine, options, mode, concurrency);
    options.onProgress?.({ kind: 'engine', engine: record });
    const cells: BenchCell[] = [];
    for (const text of options.texts) {
      const cell = await runCell(engine, { mode, concurrency, text, runs: options.runs, voices: options.voices, sampleIntervalMs: interval });
      options.onProgress?.({ kind: 'cell', cell });
      cells.push(cell);
    }
    return { engine: record, cells };
  } finally {
    await engine.close();
  }
}

// The start (model loads, sidecars) and warm-up are measured apart, so the cells see a warm engine.
async function startAndWarm(engine: BenchEngine, options: RunBenchOptions, mode: string, concurrency: number): Promise<BenchEngineRecord> {
  const sampler = await startSampler(engine.processes, options.sampleIntervalMs ?? 50);
  try {
    const t0 = performance.now();
    await engine.start();
    const t1 = performance.now();
    const shortest = [...options.texts].sort((a, b) => a.chars - b.chars)[0];
    if (options.warmup !== false && shortest !== undefined) {
      await Promise.all(Array.from({ length: concurrency }, () => engine.run({ text: shortest.text, voice: undefined })));
    }
    const warmupMs = performance.now() - t1;
    return { mode, concurrency, processes: engine.processes, startMs: t1 - t0, warmupMs, usage: await sampler.stop() };
  } catch (error) {
    await sampler.stop();
    throw error;
  }
}
