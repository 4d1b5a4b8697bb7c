// Which registries metrics go to, and the option that picks one.
import { register, type OpenMetricsContentType, type PrometheusContentType, type Registry } from 'prom-client';
import { TtsError } from '../errors/index.js';
import { DEFAULT_METRICS_PREFIX } from './definitions.js';

/** A prom-client registry (Prometheus or OpenMetrics exposition). */
export type MetricsRegistry = Registry<PrometheusContentType> | Registry<OpenMetricsContentType>;

/** The `metrics` option of createTts(): true for prom-client's default registry, or where and how to register. */
export interface MetricsOptions {
  /** The registry to register on (default: prom-client's global `register`). */
  registry?: MetricsRegistry;
  /** Prepended to every metric name (default `pocket_tts_`). */
  prefix?: string;
}

/** A metrics option with its defaults applied. */
export interface ResolvedMetricsOptions {
  registry: MetricsRegistry;
  prefix: string;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Applies the defaults; null when metrics are off (false or unset). INVALID_CONFIG for a bad prefix or registry. */
export function resolveMetricsOptions(option: boolean | MetricsOptions | undefined): ResolvedMetricsOptions | null {
  if (option === undefined || option === false) return null;
  const { registry = register, prefix = DEFAULT_METRICS_PREFIX } = option === true ? {} : option;
  if (!NAME.test(prefix)) throw new TtsError('INVALID_CONFIG', `createTts option metrics.prefix: "${prefix}" is not a valid Prometheus metric name prefix`, { field: 'metrics.prefix', hint: 'Use letters, digits, _ and :, not starting with a digit (e.g. myapp_tts_).' });
  if (typeof (registry as Partial<Registry> | null)?.registerMetric !== 'function') {
    throw new TtsError('INVALID_CONFIG', 'createTts option metrics.registry: not a prom-client Registry', { field: 'metrics.registry', hint: 'Pass a `new Registry()` from prom-client, or omit it for the default registry.' });
  }
  return { registry, prefix };
}
