// Restart delays of a crashed or failing sidecar.

/** Exponential backoff with a cap. */
export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialMs: number;
  /** Largest delay. */
  maxMs: number;
}

/** Delay before restart number `attempt` (1-based): initial × 2^(attempt−1), at most `maxMs`; 0 for attempt 0. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffPolicy): number {
  if (attempt <= 0) return 0;
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
}
