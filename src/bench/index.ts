// Public surface of the benchmark harness (every export named; no `export *`).
export { bench, sampleVoices, BENCH_DEFAULTS, type BenchOptions, type BenchOutcome } from './bench.js';
export { runBench, type RunBenchOptions, type BenchProgress, type BenchVoiceSample } from './run.js';
export { runCell, errorCode, type BenchVoice, type CellPlan } from './cell.js';
export { ttsTarget, type TtsTargetOptions } from './tts-target.js';
export { describeRuntime, environmentFacts, doubleKnobs, DOUBLE_TIMING_DEFAULTS, type EnvironmentFacts } from './facts.js';
export { startSampler, type UsageSampler, type BenchUsage } from './sampler.js';
export { descendantUsage, parseProcTimes, parseRssBytes, CLOCK_TICKS_PER_SECOND, type ProcTimes, type UsageSnapshot } from './proc-usage.js';
export { percentile, summarize, type BenchStats } from './stats.js';
export { loadSampleTexts, loadVoiceSpecs, samplesDir, voiceSpecSchema, SAMPLE_TEXT_IDS, type SampleText, type SampleTextId, type VoiceSpec } from './samples.js';
export { synthesizeVoice, writeVoices } from './voices.js';
export { benchResultSchema, cellSchema, engineSchema, statsSchema, usageSchema, BENCH_SCHEMA_VERSION, type BenchResult, type BenchCell, type BenchEngineRecord } from './schema.js';
export { compareResults, COMPARE_TOLERANCE, type Comparison, type CellComparison } from './compare.js';
export { comparisonText, comparisonMarkdown } from './compare-render.js';
export { renderChart, CHART_STATS } from './chart.js';
export { chartSize, seriesColor, CHART_COLORS, CHART_METRICS } from './chart-layout.js';
export { renderBenchReport } from './report.js';
export { writeBenchOutputs, readBenchResult, type BenchFiles } from './output.js';
export type { BenchEngine, BenchTarget, BenchRequest, BenchResponse, ProcessScope, TargetFacts } from './types.js';
