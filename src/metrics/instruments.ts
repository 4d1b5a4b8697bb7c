// The prom-client metrics of one (registry, prefix): created once, shared by every instance registered there.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { EngineMode, EngineStats } from '../request/mode.js';
import { TtsError } from '../errors/index.js';
import { METRICS } from './definitions.js';
import type { MetricsRegistry } from './registry.js';

type Defs = typeof METRICS;
type LabelsOf<K extends keyof Defs> = Defs[K]['labels'][number];
type Instrument<K extends keyof Defs> = Defs[K]['type'] extends 'counter' ? Counter<LabelsOf<K>> : Defs[K]['type'] extends 'histogram' ? Histogram<LabelsOf<K>> : Gauge<LabelsOf<K>>;

/** What the load gauges read at scrape time. */
export interface StatsSource {
  readonly mode: EngineMode;
  stats(): EngineStats;
}

/** Every metric, plus the instances whose stats the gauges sum. */
export type Instruments = { [K in keyof Defs]: Instrument<K> } & { sources: Set<StatsSource> };

const shared = new WeakMap<MetricsRegistry, Map<string, Instruments>>();

/**
 * The metrics registered under `prefix` on `registry`, created on first use. A second instance on the same
 * registry and prefix shares them (counts add up, gauges sum). A name already taken by another metric is
 * INVALID_CONFIG (nothing registered).
 */
export function instrumentsFor(registry: MetricsRegistry, prefix: string): Instruments {
  const byPrefix = shared.get(registry) ?? new Map<string, Instruments>();
  shared.set(registry, byPrefix);
  const existing = byPrefix.get(prefix);
  if (existing !== undefined) return existing;
  const taken = Object.values(METRICS).find((def) => registry.getSingleMetric(prefix + def.name) !== undefined);
  if (taken !== undefined) {
    throw new TtsError('INVALID_CONFIG', `metric ${prefix}${taken.name} is already registered on this registry by something else`, {
      field: 'metrics',
      hint: 'Pass another metrics.prefix or metrics.registry (instances created with the same registry and prefix share their metrics).',
    });
  }
  const created = create(registry, prefix);
  byPrefix.set(prefix, created);
  return created;
}

function create(registry: MetricsRegistry, prefix: string): Instruments {
  const sources = new Set<StatsSource>();
  const made: Record<string, unknown> = { sources };
  for (const [key, def] of Object.entries(METRICS)) {
    const base = { name: prefix + def.name, help: def.help, labelNames: [...def.labels] as string[], registers: [registry] };
    if (def.type === 'counter') made[key] = new Counter(base);
    else if (def.type === 'histogram') made[key] = new Histogram({ ...base, buckets: [...def.buckets] });
    else made[key] = new Gauge({ ...base, collect: gaugeCollector(sources, key as GaugeKey) });
  }
  return made as Instruments;
}

type GaugeKey = 'queueDepth' | 'busy' | 'idle';
const FIELD: Record<GaugeKey, keyof EngineStats> = { queueDepth: 'queued', busy: 'busy', idle: 'idle' };

// Read at scrape time: the sum over the live instances, per mode.
function gaugeCollector(sources: Set<StatsSource>, key: GaugeKey): (this: Gauge) => void {
  return function collect(this: Gauge) {
    this.reset();
    for (const source of sources) this.inc({ mode: source.mode }, source.stats()[FIELD[key]]);
  };
}
