// Starts `pocket-tts serve` on a free port, waits for GET /health, and stops it again.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { ChildEnv } from './run.js';
import { freePort } from './ports.js';
import { kill, track } from './processes.js';

export interface Server {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ServeChild;
  stdout(): string;
  stderr(): string;
  /** Milliseconds from spawn to the first healthy /health (undefined when not waited for). */
  readonly readyAfterMs: number | undefined;
  /** SIGKILL (tests never depend on a clean shutdown unless they test it themselves). */
  stop(): Promise<void>;
}

function spawnServe(bin: string, args: string[], env: ChildEnv) {
  return execa(bin, args, { env, extendEnv: false, stdin: 'ignore', reject: false, buffer: false, encoding: 'utf8' });
}

/** The running `serve` child. */
export type ServeChild = ReturnType<typeof spawnServe>;

export interface StartOptions {
  bin: string;
  /** Extra arguments after `serve --host H --port P` (model selection etc.). */
  args?: readonly string[];
  env: ChildEnv;
  /** Host to bind (default 127.0.0.1); `null` leaves `--host` out (upstream's default, localhost). */
  host?: string | null;
  port?: number;
  /** Wait until /health answers (default true). */
  waitHealthy?: boolean;
  timeoutMs?: number;
}

export async function startServer(options: StartOptions): Promise<Server> {
  const host = options.host === null ? '127.0.0.1' : (options.host ?? '127.0.0.1');
  const port = options.port ?? (await freePort(host));
  const hostArgs = options.host === null ? [] : ['--host', host];
  const started = performance.now();
  const child = spawnServe(options.bin, ['serve', ...hostArgs, '--port', String(port), ...(options.args ?? [])], options.env);
  track(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    out += d;
  });
  child.stderr.on('data', (d: string) => {
    err += d;
  });
  const url = `http://${host}:${port}`;
  let readyAfterMs: number | undefined;
  if (options.waitHealthy ?? true) {
    const deadline = performance.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`serve exited (${String(child.exitCode ?? child.signalCode)}) before /health answered; stderr:\n${err.slice(-3000)}`);
      }
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (performance.now() > deadline) {
        await kill(child);
        throw new Error(`serve did not become healthy in time; stderr:\n${err.slice(-3000)}`);
      }
      await sleep(50);
    }
    readyAfterMs = performance.now() - started;
  }
  return {
    url,
    host,
    port,
    pid: child.pid ?? -1,
    child,
    stdout: () => out,
    stderr: () => err,
    readyAfterMs,
    stop: () => kill(child),
  };
}

/** Polls `get()` until `pred` holds or the timeout passes; returns the last value. */
export async function waitFor<T>(get: () => T, pred: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let v = get();
  while (!pred(v) && performance.now() < deadline) {
    await sleep(25);
    v = get();
  }
  return v;
}
