import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import { bench, BENCH_DEFAULTS, type BenchOutcome } from '../../bench/bench.js';
import { comparisonText } from '../../bench/compare-render.js';
import type { BenchProgress } from '../../bench/run.js';
import { SAMPLE_TEXT_IDS } from '../../bench/samples.js';
import { resolveRuntime } from '../../runtime/resolve.js';
import { loadConfig } from '../../setup/load.js';
import { printJson } from '../output.js';
import { commonRuntimeOptions, decimal, positiveInt, runtimeOptions } from './flags.js';

/** `bench`: the benchmark harness against a runtime (a thin adapter over bench()). */
export function registerBench(program: Command): void {
  const command = program
    .command('bench')
    .description('Benchmark pocket-tts (or the contract double): latency, real-time factor, throughput, CPU and memory per mode and concurrency; writes bench.json, bench.md and bench.svg.')
    .addOption(listOption('--mode <list>', 'modes to measure, comma-separated: cli, server', listOf(['cli', 'server'] as const), BENCH_DEFAULTS.modes))
    .addOption(listOption('--concurrency <list>', 'concurrency levels, comma-separated (server mode: as many sidecars)', levels, BENCH_DEFAULTS.concurrency))
    .option('--runs <n>', 'rounds of simultaneous requests per mode, level and text', positiveInt, BENCH_DEFAULTS.runs)
    .addOption(listOption('--texts <list>', 'sample texts, comma-separated: short, medium, long', listOf(SAMPLE_TEXT_IDS), SAMPLE_TEXT_IDS))
    .option('--out <dir>', 'folder for bench.json, bench.md, bench.svg and the synthetic voices', BENCH_DEFAULTS.out)
    .option('--compare <file>', 'an earlier bench.json: print ratios new/old per cell')
    .option('--timeout <ms>', 'per-request timeout', positiveInt)
    .option('--executable <path>', 'use this pocket-tts directly (no provisioned runtime needed)')
    .option('--json', 'print the result (and comparison) as JSON')
    .option('-q, --quiet', 'no progress lines');
  commonRuntimeOptions(command).action(async (flags) => {
    const { config } = await loadConfig();
    const runtime = await resolveRuntime(runtimeOptions(flags, config));
    const outcome = await bench({
      runtime,
      out: flags.out,
      modes: flags.mode,
      concurrency: flags.concurrency,
      runs: flags.runs,
      texts: flags.texts,
      ...(flags.compare === undefined ? {} : { compare: flags.compare }),
      ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }),
      ...(flags.quiet === true || flags.json === true ? {} : { onProgress: printProgress }),
    });
    if (flags.json === true) printJson(outcome);
    else printSummary(outcome, flags.compare);
    // Failed requests make the numbers incomplete: the outputs are written, the exit code says so.
    process.exitCode = outcome.result.cells.some((cell) => cell.failures > 0) ? 1 : 0;
  });
}

function printProgress(event: BenchProgress): void {
  if (event.kind === 'engine') {
    const { mode, concurrency, startMs, warmupMs } = event.engine;
    process.stderr.write(`${mode} x${concurrency}: started in ${ms(startMs)}, warm-up ${ms(warmupMs)}\n`);
    return;
  }
  const { cell } = event;
  const latency = cell.totalMs === null ? 'no successful request' : `ttfb p50 ${ms(cell.ttfbMs?.median)}, total p50 ${ms(cell.totalMs.median)} p95 ${ms(cell.totalMs.p95)}, RTF ${cell.rtf?.median.toFixed(2) ?? '-'}x`;
  process.stderr.write(`${cell.mode} x${cell.concurrency} ${cell.text}: ${cell.requests - cell.failures}/${cell.requests} ok, ${latency}, ${cell.requestsPerSecond.toFixed(2)} req/s\n`);
}

function printSummary(outcome: BenchOutcome, compare: string | undefined): void {
  const { files, comparison, result } = outcome;
  process.stdout.write(`${result.target.label}: ${result.cells.length} cells in ${(result.durationMs / 1000).toFixed(1)} s\n`);
  process.stdout.write(`wrote ${files.json}\nwrote ${files.markdown}\nwrote ${files.svg}\n`);
  if (comparison !== null) process.stdout.write(`\n${comparisonText(comparison, compare ?? '')}`);
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)} ms`;
}

// A comma-separated list option whose help shows its default as typed (`1,2,4`), not as JSON.
function listOption<Usage extends string, T>(flags: Usage, description: string, parse: (value: string) => T[], defaults: readonly T[]) {
  return new Option(flags, description).argParser(parse).default([...defaults], defaults.join(','));
}

function listOf<T extends string>(allowed: readonly T[]): (value: string) => T[] {
  return (value) => {
    const items = value.split(',').map((item) => item.trim());
    const bad = items.find((item) => !(allowed as readonly string[]).includes(item));
    if (bad !== undefined) throw new InvalidArgumentError(`"${bad}" is not one of ${allowed.join(', ')}`);
    return [...new Set(items)] as T[];
  };
}

function levels(value: string): number[] {
  const items = value.split(',').map((item) => decimal(item.trim(), 'whole numbers 1-64, comma-separated', (n) => Number.isInteger(n) && n >= 1 && n <= 64));
  return [...new Set(items)].sort((a, b) => a - b);
}
