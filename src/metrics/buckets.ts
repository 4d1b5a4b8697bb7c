// Histogram buckets suited to CPU text-to-speech, in seconds (the real-time factor is a plain ratio).

/** Waiting for a worker: milliseconds when idle, up to a minute under load. */
export const QUEUE_WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/** Spawning a process or opening a request to a sidecar: milliseconds. */
export const SPAWN_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

/** A sidecar's start, model load included: a fraction of a second (the double) to minutes (a cold download). */
export const MODEL_LOAD_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120] as const;

/** Time to the first audio byte: sub-second warm, seconds with a CLI model load, minutes when queued. */
export const FIRST_AUDIO_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300] as const;

/** Whole requests: up to the default 300 s timeout and beyond. */
export const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600] as const;

/** Audio seconds per wall second: below 1 is slower than real time. */
export const REAL_TIME_FACTOR_BUCKETS = [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 20] as const;
