// What a sidecar's failure during a request looks like to the caller.
import { TtsError } from '../../../errors/index.js';
import { lastException, pollUntil } from '../../../process/index.js';
import type { Sidecar, SidecarExit } from './sidecar.js';

/** How long a traceback may trail the HTTP response that it explains. */
const TRACEBACK_WAIT_MS = 1_000;

/** The sidecar's stderr since `mark`, once it holds an exception (or after a short wait without one). */
export async function waitForException(sidecar: Sidecar, mark: number): Promise<string[]> {
  await pollUntil(() => lastException(sidecar.linesSince(mark)) !== null || !sidecar.alive, { timeoutMs: TRACEBACK_WAIT_MS, pollMs: 10 });
  return sidecar.linesSince(mark);
}

/** WORKER_CRASHED for a request whose sidecar died (or whose connection broke) in flight. */
export function crashError(sidecar: Sidecar, cause: unknown, exit: SidecarExit): TtsError {
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : exit.exitCode !== null ? `exited with code ${exit.exitCode}` : 'dropped the connection';
  return new TtsError('WORKER_CRASHED', `the pocket-tts sidecar (pid ${sidecar.pid}) ${how} while serving the request`, {
    stderr: sidecar.stderr.excerpt(20),
    signal: exit.signal ?? undefined,
    exitCode: exit.exitCode ?? undefined,
    details: { pid: sidecar.pid, port: sidecar.port },
    cause,
  });
}
