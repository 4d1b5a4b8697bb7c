// bench.md: the result as tables a person can read, the chart embedded, the definitions spelled out.
import type { BenchCell, BenchEngineRecord, BenchResult } from './schema.js';

const CELL_COLUMNS = ['mode', 'conc', 'text', 'ok', 'TTFB p50', 'TTFB p95', 'total p50', 'total p95', 'total min-max', 'RTF p50', 'req/s', 'CPU', 'CPU / audio s', 'peak RSS', 'procs'];
const ENGINE_COLUMNS = ['mode', 'conc', 'start', 'warm-up', 'CPU (start + warm-up)', 'peak RSS'];

/** Renders bench.md (plus an optional extra section, e.g. the comparison). */
export function renderBenchReport(result: BenchResult, extra = ''): string {
  return [
    '# pocket-tts-runtime bench',
    '',
    ...doubleWarning(result),
    ...facts(result),
    '',
    '![Latency percentiles by concurrency and mode](bench.svg)',
    '',
    '## Requests',
    '',
    table(CELL_COLUMNS, result.cells.map(cellRow)),
    '',
    '## Engines (start and warm-up, not in the cells)',
    '',
    table(ENGINE_COLUMNS, result.engines.map(engineRow)),
    '',
    ...definitions(result),
    extra,
  ].join('\n');
}

function doubleWarning(result: BenchResult): string[] {
  if (result.target.double !== true) return [];
  const knobs = Object.entries(result.target.knobs).map(([name, value]) => `\`${name}=${value}\``).join(', ');
  return [`> **Measured with the contract double**: synthetic timings set by its knobs (${knobs}), not real speech.`, ''];
}

function facts(result: BenchResult): string[] {
  const env = result.environment;
  const versions = Object.entries(result.target.versions).map(([name, version]) => `${name} ${version ?? '?'}`).join(', ');
  const texts = result.samples.texts.map((text) => `${text.id} (${text.chars} chars, ${text.sentences} sentence${text.sentences === 1 ? '' : 's'})`).join(', ');
  const voices = result.samples.voices.map((voice) => (voice.kind === 'default' ? 'the default voice' : `${voice.id} (synthetic, ${voice.f0 ?? '?'} Hz, ${voice.seconds ?? '?'} s)`)).join(', ');
  return [
    `- Target: ${result.target.label} (${versions})`,
    `- Machine: ${env.cpuModel}, ${env.cores} cores (${env.logicalCpus} logical), ${(env.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB, ${env.platform} ${env.osRelease} ${env.arch}, Node ${env.node}; load average ${load(env.loadAverage.start)} at the start, ${load(env.loadAverage.end)} at the end`,
    `- Run: ${result.startedAt}, ${(result.durationMs / 1000).toFixed(1)} s; modes ${result.config.modes.join(', ')}; concurrency ${result.config.concurrency.join(', ')}; ${result.config.runs} round(s) per cell${result.config.warmup ? ', after a warm-up' : ''}`,
    `- Texts: ${texts}`,
    `- Voices, in turn: ${voices}`,
  ];
}

function definitions(result: BenchResult): string[] {
  return [
    '## Definitions',
    '',
    `- A cell is one mode, concurrency level N and text: ${result.config.runs} round(s) of N requests started at once, each round waiting for its last request. Voices are used in turn.`,
    '- p50 (median) and p95 are nearest-rank percentiles: the smallest measured value with at least 50 % (95 %) of the values at or below it; no interpolation, so with fewer than 20 requests p95 is the maximum.',
    '- TTFB: from the call to the first audio sample (queueing and, in CLI mode, the model load included). Total: from the call to the complete WAV.',
    '- RTF (real-time factor): seconds of audio per second of total time, per request (2.0x: twice as fast as real time).',
    '- req/s: successful requests of the cell divided by its wall time (first request sent to last answer).',
    `- CPU: user + system time of the engine's processes (${result.engines[0]?.processes ?? 'descendants'} of this Node process) during the cell, exited ones included (the kernel adds a reaped child's time to its parent). Peak RSS: the highest sum of their resident memory over samples every ${result.config.sampleIntervalMs} ms; procs: most processes alive at a sample.`,
    '',
  ];
}

function cellRow(cell: BenchCell): string[] {
  const total = cell.totalMs;
  return [
    cell.mode,
    String(cell.concurrency),
    cell.text,
    `${cell.requests - cell.failures}/${cell.requests}${cell.failures > 0 ? ` (${Object.entries(cell.errors).map(([code, n]) => `${code} ${n}`).join(', ')})` : ''}`,
    ms(cell.ttfbMs?.median),
    ms(cell.ttfbMs?.p95),
    ms(total?.median),
    ms(total?.p95),
    total === null ? '-' : `${ms(total.min)}-${ms(total.max)}`,
    cell.rtf === null ? '-' : `${cell.rtf.median.toFixed(2)}x`,
    cell.requestsPerSecond.toFixed(2),
    cell.usage.cpuMs === null ? '-' : `${(cell.usage.cpuMs / 1000).toFixed(2)} s`,
    cell.cpuMsPerAudioSecond === null ? '-' : `${Math.round(cell.cpuMsPerAudioSecond)} ms`,
    mib(cell.usage.peakRssBytes),
    cell.usage.peakProcesses === null ? '-' : String(cell.usage.peakProcesses),
  ];
}

function engineRow(engine: BenchEngineRecord): string[] {
  const cpu = engine.usage.cpuMs === null ? '-' : `${(engine.usage.cpuMs / 1000).toFixed(2)} s`;
  return [engine.mode, String(engine.concurrency), ms(engine.startMs), ms(engine.warmupMs), cpu, mib(engine.usage.peakRssBytes)];
}

function table(columns: readonly string[], rows: readonly string[][]): string {
  return [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value).toLocaleString('en-US')} ms`;
}

function load(averages: readonly number[]): string {
  return averages.map((value) => value.toFixed(2)).join(' / ');
}

function mib(bytes: number | null): string {
  return bytes === null ? '-' : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}
