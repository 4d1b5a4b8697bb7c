// A hand-made bench.json for tests of the chart, report and comparison (no engine involved).
import type { BenchCell, BenchResult } from '../../src/bench/index.js';

/** Statistics where every value is `base` scaled: median base, p95 1.5 × base. */
function stats(base: number): NonNullable<BenchCell['totalMs']> {
  return { n: 4, median: base, p95: base * 1.5, min: base * 0.8, max: base * 1.5 };
}

/** One cell whose times grow with concurrency and text length; server mode twice as fast. */
export function syntheticCell(mode: string, concurrency: number, text: string, scale = 1): BenchCell {
  const base = (mode === 'server' ? 100 : 200) * concurrency * ({ short: 1, medium: 4, long: 10 }[text] ?? 1) * scale;
  return {
    mode,
    concurrency,
    text,
    requests: 4,
    failures: 0,
    errors: {},
    wallMs: base * 2,
    requestsPerSecond: 4 / ((base * 2) / 1000),
    ttfbMs: stats(base / 4),
    totalMs: stats(base),
    rtf: stats(3 / scale),
    audioMs: stats(1000),
    usage: { cpuMs: base, peakRssBytes: 50 * 1024 ** 2, peakProcesses: concurrency, samples: 10 },
    cpuMsPerAudioSecond: base / 4,
  };
}

/** A complete result for `modes` × `concurrency` × `texts`, every cell's times multiplied by `scale`. */
export function syntheticResult({ modes = ['cli', 'server'], concurrency = [1, 2, 4], texts = ['short', 'medium', 'long'], scale = 1, double = true } = {}): BenchResult {
  return {
    schemaVersion: 1,
    tool: { name: 'pocket-tts-runtime', version: '0.0.0-test' },
    startedAt: '2026-01-02T03:04:05.000Z',
    durationMs: 12_345,
    config: { modes, concurrency, runs: 2, texts, voices: ['default', 'synth-low'], warmup: true, sampleIntervalMs: 50 },
    environment: { platform: 'linux', arch: 'x64', osRelease: '6.0', cpuModel: 'Test CPU', cores: 2, logicalCpus: 2, totalMemoryBytes: 8 * 1024 ** 3, node: 'v20.0.0', clockTicksPerSecond: 100, loadAverage: { start: [0.5, 0.4, 0.3], end: [1, 0.5, 0.3] } },
    target: {
      backend: 'pocket-tts',
      label: double ? 'pocket-tts 2.1.0+double (contract double)' : 'pocket-tts 2.1.0',
      double,
      versions: { pocketTts: double ? '2.1.0+double' : '2.1.0', torch: '2.6.0+cpu', python: '3.12.0' },
      knobs: double ? { LOAD_MS: '50', FRAME_MS: '2', ENCODE_MS: '100', MS_PER_CHAR: '65' } : {},
      details: {},
    },
    samples: {
      texts: texts.map((id) => ({ id, chars: id.length * 100, sentences: id.length })),
      voices: [
        { id: 'default', kind: 'default', seconds: null, f0: null },
        { id: 'synth-low', kind: 'synthetic', seconds: 3, f0: 110 },
      ],
    },
    engines: modes.flatMap((mode) => concurrency.map((c) => ({ mode, concurrency: c, processes: 'descendants' as const, startMs: 300, warmupMs: 200, usage: { cpuMs: 500, peakRssBytes: 40 * 1024 ** 2, peakProcesses: c, samples: 5 } }))),
    cells: modes.flatMap((mode) => concurrency.flatMap((c) => texts.map((text) => syntheticCell(mode, c, text, scale)))),
  };
}
