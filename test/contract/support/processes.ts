// Registry of every child a test file spawned in the background, so hooks can kill what is left.
import type { ResultPromise } from 'execa';

const live = new Set<ResultPromise>();

/** Remembers a background child until it exits. */
export function track(child: ResultPromise): void {
  live.add(child);
  void child.finally(() => live.delete(child)).catch(() => undefined);
}

/** SIGKILLs one child (by its own handle) and waits for it to be gone. */
export async function kill(child: ResultPromise): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await child.catch(() => undefined);
}

/** SIGKILLs every child still alive (use in afterAll/afterEach). */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((c) => kill(c)));
}
