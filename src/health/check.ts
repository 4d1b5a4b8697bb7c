import { TtsError } from '../errors/index.js';

/** What a health probe found. */
export interface HealthResult {
  url: string;
  ok: boolean;
  status: number | null;
  body: string;
  ms: number;
}

/**
 * GET `<url>/health` with a deadline: ok only for HTTP 200. For container HEALTHCHECKs and probes of a
 * pool started with `pocket-tts-runtime serve` (or of an upstream `pocket-tts serve`).
 */
export async function checkHealth(url: string, timeoutMs = 3_000): Promise<HealthResult> {
  const target = new URL('/health', url).toString();
  const started = performance.now();
  try {
    const response = await fetch(target, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const body = (await response.text()).slice(0, 500);
    return { url: target, ok: response.status === 200, status: response.status, body, ms: performance.now() - started };
  } catch (error) {
    const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
    return { url: target, ok: false, status: null, body: reason, ms: performance.now() - started };
  }
}

/** Throws SERVER_START_FAILED-style errors for callers that want an exception. */
export function assertHealthy(result: HealthResult): void {
  if (result.ok) return;
  throw new TtsError('SERVER_START_FAILED', `${result.url} is not healthy: ${result.status === null ? result.body : `HTTP ${result.status} ${result.body}`}`, {
    hint: 'Check that the pool is running (`pocket-tts-runtime serve`) and that a worker is ready.',
  });
}
