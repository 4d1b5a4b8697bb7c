import { TtsError } from '../errors/index.js';

/** One request's stop signal: the caller's signal, its timeout and the instance closing, as typed reasons. */
export interface RequestSignal {
  signal: AbortSignal;
  dispose(): void;
}

/**
 * Combines what may stop a request into one AbortSignal whose reason is the TtsError to reject with:
 * TIMEOUT (the whole request, queueing included, took longer than `timeoutMs`), ABORTED (the caller's
 * signal), or CLOSED (the instance closed: it calls every function in `active`).
 */
export function requestSignal(user: AbortSignal | undefined, timeoutMs: number, active: Set<(reason: TtsError) => void>): RequestSignal {
  const controller = new AbortController();
  const started = performance.now();
  const abort = (reason: TtsError): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const timer = setTimeout(() => abort(new TtsError('TIMEOUT', `the request did not finish within ${timeoutMs} ms`, { timedOut: true, durationMs: performance.now() - started })), timeoutMs);
  const onUser = (): void => abort(new TtsError('ABORTED', 'the request was aborted by its signal', { cause: user?.reason, durationMs: performance.now() - started }));
  if (user?.aborted === true) onUser();
  user?.addEventListener('abort', onUser, { once: true });
  // The instance aborts its active requests through this set (no listeners pile up on a shared signal).
  active.add(abort);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      user?.removeEventListener('abort', onUser);
      active.delete(abort);
    },
  };
}
