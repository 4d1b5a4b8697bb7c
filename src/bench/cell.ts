// One measured cell: `runs` rounds of `concurrency` simultaneous requests of one text, voices in turn.
import type { BenchCell } from './schema.js';
import { startSampler } from './sampler.js';
import { summarize } from './stats.js';
import type { BenchEngine, BenchResponse } from './types.js';

/** A voice the harness uses: the engine's default (no file) or a synthetic WAV. */
export interface BenchVoice {
  id: string;
  file: string | undefined;
}

/** What one cell runs. */
export interface CellPlan {
  mode: string;
  concurrency: number;
  text: { id: string; text: string };
  runs: number;
  voices: readonly BenchVoice[];
  sampleIntervalMs: number;
}

/**
 * Runs the cell on a started engine. Each round starts `concurrency` requests at once and waits for all
 * of them (closed rounds: a slow request holds its round back, as a batch of users would see it).
 */
export async function runCell(engine: BenchEngine, plan: CellPlan): Promise<BenchCell> {
  const sampler = await startSampler(engine.processes, plan.sampleIntervalMs);
  const startedAt = performance.now();
  let settled: PromiseSettledResult<BenchResponse>[];
  try {
    settled = await runRounds(engine, plan);
  } catch (error) {
    await sampler.stop();
    throw error;
  }
  const wallMs = performance.now() - startedAt;
  const usage = await sampler.stop();
  const responses = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const errors: Record<string, number> = {};
  for (const outcome of settled) if (outcome.status === 'rejected') errors[errorCode(outcome.reason)] = (errors[errorCode(outcome.reason)] ?? 0) + 1;
  return cellRecord(plan, responses, errors, wallMs, usage);
}

async function runRounds(engine: BenchEngine, plan: CellPlan): Promise<PromiseSettledResult<BenchResponse>[]> {
  const settled: PromiseSettledResult<BenchResponse>[] = [];
  for (let round = 0; round < plan.runs; round += 1) {
    const voices = Array.from({ length: plan.concurrency }, (_, slot) => voiceFor(plan, round, slot));
    settled.push(...(await Promise.allSettled(voices.map((voice) => engine.run({ text: plan.text.text, voice: voice.file })))));
  }
  return settled;
}

// Every voice gets its turn across rounds and slots.
function voiceFor(plan: CellPlan, round: number, slot: number): BenchVoice {
  const voice = plan.voices[(round * plan.concurrency + slot) % plan.voices.length];
  if (voice === undefined) throw new RangeError('a cell needs at least one voice');
  return voice;
}

function cellRecord(plan: CellPlan, responses: readonly BenchResponse[], errors: Record<string, number>, wallMs: number, usage: BenchCell['usage']): BenchCell {
  const audioMs = responses.reduce((sum, r) => sum + r.audioMs, 0);
  return {
    mode: plan.mode,
    concurrency: plan.concurrency,
    text: plan.text.id,
    requests: plan.runs * plan.concurrency,
    failures: plan.runs * plan.concurrency - responses.length,
    errors,
    wallMs,
    requestsPerSecond: responses.length / (wallMs / 1000),
    ttfbMs: summarize(responses.flatMap((r) => (r.firstByteMs === null ? [] : [r.firstByteMs]))),
    totalMs: summarize(responses.map((r) => r.totalMs)),
    rtf: summarize(responses.map((r) => r.audioMs / r.totalMs)),
    audioMs: summarize(responses.map((r) => r.audioMs)),
    usage,
    cpuMsPerAudioSecond: usage.cpuMs === null || audioMs === 0 ? null : usage.cpuMs / (audioMs / 1000),
  };
}

/** The error's `code` (TtsError and Node errors have one), else its class name. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'UNKNOWN';
}
