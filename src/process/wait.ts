// Polling helpers for conditions no event reports (a grandchild's death, a bare pid's exit).
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` every `pollMs` until it holds (true) or `timeoutMs` passed (false). */
export async function pollUntil(
  condition: () => Promise<boolean> | boolean,
  { timeoutMs, pollMs = 25 }: { timeoutMs: number; pollMs?: number },
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await sleep(Math.min(pollMs, left));
  }
}
