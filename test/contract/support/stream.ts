// Spawns a long-running command and records its stdout chunks with arrival times (for streaming,
// buffering and hang/kill tests). Every spawned child is tracked so a test file can kill leftovers.
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import type { ChildEnv } from './run.js';
import { track } from './processes.js';

export interface Chunk {
  /** Milliseconds since spawn. */
  at: number;
  bytes: Buffer;
}

export interface Recording {
  readonly child: RecordedChild;
  readonly pid: number;
  readonly chunks: Chunk[];
  /** stderr so far. */
  stderr(): string;
  /** All stdout bytes so far. */
  stdout(): Buffer;
  /** Resolves once at least `bytes` stdout bytes arrived (rejects on exit or timeout). */
  waitForBytes(bytes: number, timeoutMs: number): Promise<void>;
  /** Milliseconds since spawn at which stdout byte number `offset` (0-based) arrived, if it did. */
  arrivalOf(offset: number): number | undefined;
  /** Resolves with the exit once the process ended. */
  exited: Promise<{ exitCode: number | undefined; signal: string | undefined; at: number }>;
  /** Whether the process is still running. */
  running(): boolean;
}

function spawnRecorded(file: string, args: readonly string[], env: ChildEnv, input: string) {
  return execa(file, args, { env, extendEnv: false, input, reject: false, encoding: 'buffer', buffer: false });
}

/** The recorded child process. */
export type RecordedChild = ReturnType<typeof spawnRecorded>;

export function record(file: string, args: readonly string[], options: { env: ChildEnv; input?: string }): Recording {
  const started = performance.now();
  const child = spawnRecorded(file, args, options.env, options.input ?? '');
  track(child);
  const chunks: Chunk[] = [];
  let total = 0;
  let err = '';
  let done = false;
  const waiters = new Set<() => void>();
  child.stdout.on('data', (data: Buffer) => {
    chunks.push({ at: performance.now() - started, bytes: data });
    total += data.length;
    for (const w of waiters) w();
  });
  child.stderr.on('data', (data: Buffer) => {
    err += data.toString('utf8');
  });
  const exited = child.then((r) => {
    done = true;
    for (const w of waiters) w();
    return { exitCode: r.exitCode, signal: r.signal, at: performance.now() - started };
  });
  return {
    child,
    pid: child.pid ?? -1,
    chunks,
    stderr: () => err,
    stdout: () => Buffer.concat(chunks.map((c) => c.bytes)),
    running: () => !done,
    exited,
    arrivalOf(offset: number): number | undefined {
      let seen = 0;
      for (const c of chunks) {
        seen += c.bytes.length;
        if (seen > offset) return c.at;
      }
      return undefined;
    },
    waitForBytes(bytes: number, timeoutMs: number): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (total >= bytes) finish(undefined);
          else if (done) finish(new Error(`process ended after ${total} of ${bytes} bytes; stderr:\n${err.slice(-2000)}`));
        };
        const timer = setTimeout(() => finish(new Error(`timed out after ${total} of ${bytes} bytes`)), timeoutMs);
        const finish = (e: Error | undefined): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (e) reject(e);
          else resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
