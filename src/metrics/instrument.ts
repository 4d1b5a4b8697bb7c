// Metrics as one consumer of the events: subscribe, and let the gauges read the source's stats.
import type { TtsEvents } from '../events/types.js';
import { instrumentsFor, type StatsSource } from './instruments.js';
import { recordExit, recordRequest, recordWarning, recordWorker } from './record.js';
import type { ResolvedMetricsOptions } from './registry.js';

/** Anything that emits the tts events and knows its load (a tts instance, the `serve` front's pool). */
export interface MetricsSource extends StatsSource {
  on<K extends keyof TtsEvents>(event: K, listener: (event: TtsEvents[K]) => void): unknown;
}

/**
 * Records `source`'s events on the registry's metrics (created on first use, shared by sources with the
 * same registry and prefix). Returns `detach`, which takes the source out of the gauges (call it at close);
 * events still settling afterwards are counted.
 */
export function instrument(source: MetricsSource, options: ResolvedMetricsOptions): () => void {
  const m = instrumentsFor(options.registry, options.prefix);
  source.on('request', (event) => recordRequest(m, event));
  source.on('worker', (event) => recordWorker(m, event));
  source.on('exit', (event) => recordExit(m, event));
  source.on('warning', (event) => recordWarning(m, event));
  m.sources.add(source);
  return () => void m.sources.delete(source);
}
