import { TtsError } from '../../errors/index.js';
import { stopReason } from '../../errors/termination.js';
import { engineEnv, LineRing, neverStarted, spawnEngine, startFailure, terminateTree, watchStderr } from '../../process/index.js';
import type { EngineObserver } from '../../events/types.js';
import { releaseFor, type PocketTtsRelease } from '../../pocket-tts/index.js';
import { checkRequestForRelease } from '../../request/release.js';
import type { Runtime } from '../../runtime/types.js';
import { processFailure } from '../failure.js';
import { forwardLogLine } from '../log-forward.js';
import { WorkQueue } from '../queue.js';
import type { Engine, EngineJob, EngineRun, EngineStats } from '../types.js';
import { generateArgs } from './argv.js';

/** Options of the CLI engine, defaults applied by createTts. */
export interface CliEngineOptions {
  runtime: Runtime;
  concurrency: number;
  maxQueue: number;
  /** Time between SIGTERM and SIGKILL when a request is stopped. */
  graceMs: number;
  /** Told of every process exit (for events and metrics). */
  events?: EngineObserver | undefined;
}

/**
 * CLI mode: one `pocket-tts generate` process per request, at most `concurrency` at a time, the rest in a
 * bounded queue. Each process runs in its own process group, so stopping a request stops all of it.
 */
export class CliEngine implements Engine {
  readonly mode = 'cli';
  readonly #queue: WorkQueue<number>;
  readonly #running = new Set<Promise<unknown>>();
  readonly #aborts = new Set<AbortController>();
  #busy = 0;
  // The installed release's row: argv and the request check follow it (outside the set: the newest row).
  readonly #release: PocketTtsRelease;

  constructor(private readonly options: CliEngineOptions) {
    this.#release = releaseFor(options.runtime.versions.pocketTts);
    this.#queue = new WorkQueue<number>(options.maxQueue);
    for (let permit = 0; permit < options.concurrency; permit += 1) this.#queue.release(permit);
  }

  async run(job: EngineJob): Promise<{ run: EngineRun; queuedMs: number }> {
    checkRequestForRelease(job.request, this.#release);
    const queuedAt = performance.now();
    const permit = await this.#queue.acquire(job.signal);
    const queuedMs = performance.now() - queuedAt;
    this.#busy += 1;
    const run = this.#spawn(job);
    const done = run.finished.finally(() => {
      this.#busy -= 1;
      this.#queue.release(permit);
    });
    this.#running.add(done);
    void done.finally(() => this.#running.delete(done));
    return { run, queuedMs };
  }

  #spawn(job: EngineJob): EngineRun {
    const { runtime, graceMs } = this.options;
    const startedAt = performance.now();
    const subprocess = spawnEngine(runtime.pocketTts, generateArgs(job.request, this.#release), { env: engineEnv(runtime), stdin: 'pipe' });
    const spawnMs = performance.now() - startedAt;
    const ring = new LineRing();
    const stderrDone = watchStderr(subprocess.stderr, { ring, onLine: (line) => forwardLogLine(job.log, line) });
    // A process that dies before reading its stdin makes the write fail with EPIPE: its exit code tells why.
    subprocess.stdin.on('error', () => undefined);
    subprocess.stdin.end(job.request.text, 'utf8');
    const stop = new AbortController();
    this.#aborts.add(stop);
    let killing: Promise<unknown> | undefined;
    const kill = (): void => {
      killing ??= terminateTree(subprocess, { graceMs });
    };
    const onAbort = AbortSignal.any([job.signal, stop.signal]);
    onAbort.addEventListener('abort', kill, { once: true });
    if (onAbort.aborted) kill();
    job.log.debug({ pid: subprocess.pid, argv: generateArgs(job.request, this.#release) }, 'pocket-tts generate started');
    const finished = (async (): Promise<TtsError | null> => {
      const result = await subprocess;
      await stderrDone;
      // A process that never started (ENOENT) has no exit to report.
      if (!neverStarted(result)) this.options.events?.exit({ process: 'generate', pid: subprocess.pid ?? null, exitCode: result.exitCode ?? null, signal: result.signal ?? null, requestId: job.id });
      const durationMs = performance.now() - startedAt;
      if (job.signal.aborted) {
        await killing;
        return stopReason(job.signal);
      }
      if (neverStarted(result)) return startFailure(runtime.pocketTts.file, result, durationMs);
      if (result.exitCode !== 0) return processFailure({ exitCode: result.exitCode, signal: result.signal, durationMs }, ring, job.request, result);
      return null;
    })().finally(() => {
      onAbort.removeEventListener('abort', kill);
      this.#aborts.delete(stop);
    });
    return { output: subprocess.stdout, startedAt, spawnMs, finished };
  }

  async close({ drain }: { drain: boolean }): Promise<void> {
    this.#queue.close(new TtsError('CLOSED', 'the tts instance was closed'));
    if (!drain) for (const stop of this.#aborts) stop.abort();
    await Promise.all(this.#running);
  }

  stats(): EngineStats {
    return { queued: this.#queue.depth, busy: this.#busy, idle: this.options.concurrency - this.#busy };
  }
}
