// Prometheus metrics (prom-client) fed by the tts events, and a /metrics handler.
export { METRICS, DEFAULT_METRICS_PREFIX, type MetricDefinition } from './definitions.js';
export { QUEUE_WAIT_BUCKETS, SPAWN_BUCKETS, MODEL_LOAD_BUCKETS, FIRST_AUDIO_BUCKETS, DURATION_BUCKETS, REAL_TIME_FACTOR_BUCKETS } from './buckets.js';
export { resolveMetricsOptions, type MetricsOptions, type MetricsRegistry, type ResolvedMetricsOptions } from './registry.js';
export { instrument, type MetricsSource } from './instrument.js';
export { metricsHandler, type MetricsResponse } from './handler.js';
