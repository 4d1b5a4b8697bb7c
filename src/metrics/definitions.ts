// Every metric: name (after the prefix), type, help, labels, buckets. RUNTIME.md's table is tested against it.
import { DURATION_BUCKETS, FIRST_AUDIO_BUCKETS, MODEL_LOAD_BUCKETS, QUEUE_WAIT_BUCKETS, REAL_TIME_FACTOR_BUCKETS, SPAWN_BUCKETS } from './buckets.js';

/** One metric as registered (its full name is the prefix, `pocket_tts_` by default, then `name`). */
export interface MetricDefinition {
  readonly name: string;
  readonly type: 'counter' | 'histogram' | 'gauge';
  readonly help: string;
  readonly labels: readonly string[];
  readonly buckets?: readonly number[];
}

/** The metrics, by key. Labels are low-cardinality only: never text, voice paths or request ids. */
export const METRICS = {
  requests: { name: 'requests_total', type: 'counter', help: 'Settled requests by engine mode, API (generate, stream, http) and outcome (ok, error).', labels: ['mode', 'api', 'outcome'] },
  errors: { name: 'errors_total', type: 'counter', help: 'Failed requests by error code (unknown: not a TtsError).', labels: ['mode', 'code'] },
  audio: { name: 'audio_seconds_total', type: 'counter', help: 'Seconds of audio produced by successful requests.', labels: ['mode'] },
  voices: { name: 'voice_requests_total', type: 'counter', help: 'Validated requests by voice source: exported (.safetensors state, the cache hit), encoded (audio encoded for the request, the miss), catalog, default, remote.', labels: ['mode', 'source'] },
  exits: { name: 'process_exits_total', type: 'counter', help: 'pocket-tts processes that ended: every generate process (CLI mode), serve sidecars that exited unexpectedly; status is the exit code or the signal.', labels: ['process', 'status'] },
  exitAborts: { name: 'exit_aborts_absorbed_total', type: 'counter', help: 'pocket-tts processes that died of SIGABRT at exit after complete output, whose result was kept (the exit abort), by process.', labels: ['process'] },
  restarts: { name: 'sidecar_restarts_total', type: 'counter', help: 'Sidecars replaced, by reason: crash (exit or failed health checks), abandoned (aborted request), broken_connection.', labels: ['reason'] },
  startFailures: { name: 'sidecar_start_failures_total', type: 'counter', help: 'Sidecar starts that failed (SERVER_START_FAILED; retried with backoff).', labels: [] },
  retries: { name: 'request_retries_total', type: 'counter', help: 'Requests sent again to another worker after a crash before any audio.', labels: [] },
  queueWait: { name: 'queue_wait_seconds', type: 'histogram', help: 'Time a request waited for a worker.', labels: ['mode'], buckets: QUEUE_WAIT_BUCKETS },
  spawn: { name: 'spawn_seconds', type: 'histogram', help: 'Time to start the work: spawning pocket-tts (CLI) or opening the request to a sidecar (server).', labels: ['mode'], buckets: SPAWN_BUCKETS },
  modelLoad: { name: 'model_load_seconds', type: 'histogram', help: 'Sidecar start, spawn to healthy, model load included (server mode).', labels: [], buckets: MODEL_LOAD_BUCKETS },
  firstAudio: { name: 'first_audio_seconds', type: 'histogram', help: 'Time from the call to the first audio byte (queue, start and, in CLI mode, model load included).', labels: ['mode'], buckets: FIRST_AUDIO_BUCKETS },
  duration: { name: 'request_duration_seconds', type: 'histogram', help: 'Time from the call to the end of the request, by outcome.', labels: ['mode', 'outcome'], buckets: DURATION_BUCKETS },
  realTimeFactor: { name: 'real_time_factor', type: 'histogram', help: 'Audio seconds per wall second the request held its worker (successful requests).', labels: ['mode'], buckets: REAL_TIME_FACTOR_BUCKETS },
  queueDepth: { name: 'queue_depth', type: 'gauge', help: 'Requests waiting for a worker, at scrape time.', labels: ['mode'] },
  busy: { name: 'workers_busy', type: 'gauge', help: 'Workers running a request, at scrape time.', labels: ['mode'] },
  idle: { name: 'workers_idle', type: 'gauge', help: 'Workers ready for a request, at scrape time.', labels: ['mode'] },
} as const satisfies Record<string, MetricDefinition>;

/** The default name prefix. */
export const DEFAULT_METRICS_PREFIX = 'pocket_tts_';
