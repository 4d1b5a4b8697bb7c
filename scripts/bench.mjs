#!/usr/bin/env node
// Benchmark (issue 9): the harness behind `pocket-tts-runtime bench` in a realistic configuration of the
// contract double: a 3 s model load, 60 ms of CPU per 80 ms frame (~1.3x real time), both modes, 1, 2 and 4
// requests at once, every sample text. Writes bench-out/bench.json, bench.md and bench.svg.
// Usage: npx tsc -p tsconfig.build.json && node scripts/bench.mjs [--runs 2] [--concurrency 1,2,4] [--mode cli,server]
//          [--texts short,medium,long] [--out bench-out] [--compare FILE] [--executable PATH | --home DIR]
// Without --executable/--home, the double is provisioned from its wheelhouse into a temp home. --home DIR (a
// provisioned runtime) or --executable PATH (any pocket-tts) measures that one; a real pocket-tts ignores the knobs.
import { argv } from 'zx';
import { bench, resolveRuntime } from '../dist/src/index.js';
import { verdict, withDoubleRuntime, withKnobs } from './bench-server-lib.mjs';

const KNOBS = { LOAD_MS: 3000, FRAME_MS: 60, ENCODE_MS: 100, MS_PER_CHAR: 65 };
const list = (value, fallback) => (value === undefined ? fallback : String(value).split(','));
const options = {
  out: argv.out ?? 'bench-out',
  runs: Number(argv.runs ?? 2),
  modes: list(argv.mode, ['cli', 'server']),
  concurrency: list(argv.concurrency, ['1', '2', '4']).map(Number),
  texts: list(argv.texts, ['short', 'medium', 'long']),
  ...(argv.compare === undefined ? {} : { compare: argv.compare }),
  // Four long texts at once on two cores take minutes each: the timeout guards hangs, not slowness.
  timeoutMs: 1_800_000,
  onProgress: progress,
};

const outcome = argv.home === undefined
  ? await withDoubleRuntime((base) => bench({ ...options, runtime: withKnobs(base, KNOBS) }))
  : await bench({ ...options, runtime: await resolveRuntime({ home: argv.home }) });
report(outcome);

function progress(event) {
  if (event.kind === 'engine') console.log(`${event.engine.mode} x${event.engine.concurrency}: started in ${ms(event.engine.startMs)}, warm-up ${ms(event.engine.warmupMs)}`);
  else console.log(`  ${event.cell.text}: total p50 ${ms(event.cell.totalMs?.median)}, ${event.cell.requests - event.cell.failures}/${event.cell.requests} ok`);
}

function report({ result, files, comparison }) {
  console.log(`\n${result.target.label}; knobs ${Object.entries(result.target.knobs).map(([k, v]) => `${k}=${v}`).join(' ') || '(none)'}`);
  const env = result.environment;
  const load = (values) => values.map((v) => v.toFixed(2)).join('/');
  console.log(`${env.cores} cores, ${env.cpuModel}, Node ${env.node}; load average ${load(env.loadAverage.start)} -> ${load(env.loadAverage.end)}; ${result.config.runs} rounds per cell; ${(result.durationMs / 60_000).toFixed(1)} min`);
  console.log('\nmode    N  text     ttfb p50  ttfb p95  total p50  total p95  RTF p50  req/s  CPU/audio-s  peak RSS');
  for (const c of result.cells) {
    const row = [c.mode.padEnd(6), String(c.concurrency).padStart(2), c.text.padEnd(6), ms(c.ttfbMs?.median).padStart(9), ms(c.ttfbMs?.p95).padStart(9),
      ms(c.totalMs?.median).padStart(10), ms(c.totalMs?.p95).padStart(10), `${c.rtf?.median.toFixed(2) ?? '-'}x`.padStart(8), c.requestsPerSecond.toFixed(3).padStart(6),
      `${Math.round(c.cpuMsPerAudioSecond ?? 0)} ms`.padStart(12), `${((c.usage.peakRssBytes ?? 0) / 1024 ** 2).toFixed(0)} MiB`.padStart(9)];
    console.log(row.join(' '));
  }
  ratios(result);
  targets(result);
  console.log(`\nwrote ${files.json}, ${files.markdown}, ${files.svg}`);
  if (comparison !== null) console.log(`compared with ${options.compare}: ${comparison.cells.map((c) => `${c.mode} x${c.concurrency} ${c.text} ${c.verdict}`).join('; ')}`);
}

// Server mode against CLI mode, cell by cell: < 1 means server mode takes less time.
function ratios(result) {
  if (!result.config.modes.includes('cli') || !result.config.modes.includes('server')) return;
  console.log('\nratio server / cli   ttfb p50  total p50  req/s');
  for (const server of result.cells.filter((c) => c.mode === 'server')) {
    const cli = result.cells.find((c) => c.mode === 'cli' && c.concurrency === server.concurrency && c.text === server.text);
    if (cli === undefined) continue;
    const r = (a, b) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
    console.log(`  N=${server.concurrency} ${server.text.padEnd(6)}        ${r(server.ttfbMs?.median, cli.ttfbMs?.median).padStart(8)}  ${r(server.totalMs?.median, cli.totalMs?.median).padStart(9)}  ${r(server.requestsPerSecond, cli.requestsPerSecond).padStart(5)}`);
  }
}

function targets(result) {
  const failures = result.cells.reduce((sum, c) => sum + c.failures, 0);
  verdict('every request succeeded', failures === 0, `${failures} failed`);
  const servers = result.cells.filter((c) => c.mode === 'server');
  const sooner = servers.filter((s) => (s.ttfbMs?.median ?? Infinity) < (result.cells.find((c) => c.mode === 'cli' && c.concurrency === s.concurrency && c.text === s.text)?.ttfbMs?.median ?? -Infinity));
  if (servers.length > 0 && result.config.modes.includes('cli')) verdict('server mode gets first audio sooner than CLI mode in every cell (no model load per request)', sooner.length === servers.length, `${sooner.length}/${servers.length} cells`);
  // CLI mode pays a model load per request (a short text spends most of its time loading), so only warm server cells count.
  const withinCores = servers.filter((c) => c.concurrency <= result.environment.cores);
  const realTime = withinCores.filter((c) => (c.rtf?.median ?? 0) > 1);
  if (withinCores.length > 0) verdict(`server mode faster than real time (RTF p50 > 1) at up to ${result.environment.cores} requests at once (one per core)`, realTime.length === withinCores.length, `${realTime.length}/${withinCores.length} cells`);
}

function ms(value) {
  return value === undefined ? '-' : `${Math.round(value)} ms`;
}
