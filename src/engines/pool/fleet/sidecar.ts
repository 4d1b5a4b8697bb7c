// One `pocket-tts serve` process: spawned on a loopback port, ready once bound and healthy, stopped as a group.
import { TtsError } from '../../../errors/index.js';
import { forwardLogLine } from '../../log-forward.js';
import { exitAbortWarning } from '../../../events/exit-abort.js';
import type { WarningEvent } from '../../../events/types.js';
import { classifyFailure, engineEnv, judgeShutdown, LineRing, neverStarted, spawnEngine, terminateTree, watchStderr, type EngineSubprocess } from '../../../process/index.js';
import type { Runtime } from '../../../runtime/types.js';
import type { Logger } from '../../../request/logger.js';
import { baseUrl } from '../wire/url.js';
import { freePort } from './port.js';
import { releaseFor, type PocketTtsRelease } from '../../../pocket-tts/index.js';
import { serveArgs, type ModelSettings } from './sidecar-args.js';
import { waitHealthy } from './sidecar-ready.js';

/** What a sidecar is started with. */
export interface SidecarSpec extends ModelSettings {
  runtime: Runtime;
  /** Interface to bind (127.0.0.1 unless configured otherwise). */
  host: string;
  /** A fixed port; default: a free one. */
  port?: number | undefined;
  /** From spawn to healthy, model load included. */
  startTimeoutMs: number;
  log: Logger;
  /** Aborting it stops a start in progress (the start rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
  /** Told when a stop ends in the exit abort after a clean shutdown (the stop still counts as clean). */
  onWarning?: ((warning: WarningEvent) => void) | undefined;
}

/** How a sidecar process ended. */
export interface SidecarExit {
  exitCode: number | null;
  signal: string | null;
  /** The program could not be started at all (ENOENT…). */
  spawnError: string | null;
}

/** A running `pocket-tts serve`. Its stderr is kept in a ring for error excerpts and forwarded to the logger. */
export class Sidecar {
  readonly url: string;
  readonly stderr = new LineRing({ maxLines: 400 });
  readonly exited: Promise<SidecarExit>;
  readonly startedAt = performance.now();
  /** Spawn to healthy (model load included), once ready. */
  loadMs: number | null = null;
  #alive = true;
  #logsDone: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly subprocess: EngineSubprocess<'ignore'>,
    readonly port: number,
    readonly spec: SidecarSpec,
    /** The installed release's row (its flags and start-up behaviour). */
    readonly release: PocketTtsRelease,
  ) {
    this.url = baseUrl(spec.host, port);
    this.exited = subprocess.then((result) => {
      this.#alive = false;
      const spawnError = neverStarted(result) ? (result.code ?? result.shortMessage ?? 'spawn failed') : null;
      return { exitCode: result.exitCode ?? null, signal: result.signal ?? null, spawnError };
    });
  }

  /** Spawns a sidecar and resolves once it answers GET /health; rejects with SERVER_START_FAILED (the process stopped). */
  static async start(spec: SidecarSpec): Promise<Sidecar> {
    const port = spec.port ?? (await freePort(spec.host));
    const release = releaseFor(spec.runtime.versions.pocketTts);
    const args = serveArgs(spec.host, port, spec, release);
    const subprocess = spawnEngine(spec.runtime.pocketTts, args, { env: engineEnv(spec.runtime), stdin: 'ignore' });
    const sidecar = new Sidecar(subprocess, port, spec, release);
    spec.log.debug({ pid: subprocess.pid, argv: args }, 'pocket-tts serve started');
    try {
      await sidecar.#watchReady();
    } catch (error) {
      await sidecar.stop(0);
      throw sidecar.#startError(error);
    }
    sidecar.loadMs = performance.now() - sidecar.startedAt;
    spec.log.info({ pid: subprocess.pid, port, ms: Math.round(sidecar.loadMs) }, 'pocket-tts sidecar ready');
    return sidecar;
  }

  /** The process id (the process group id too). */
  get pid(): number {
    return this.subprocess.pid ?? -1;
  }

  /** False once the process has exited. */
  get alive(): boolean {
    return this.#alive;
  }

  /** A position in the stderr lines: {@link linesSince} returns what came after it. */
  mark(): number {
    return this.stderr.dropped + this.stderr.size;
  }

  /** Stderr lines printed after `mark` (as many as the ring still holds). */
  linesSince(mark: number): string[] {
    return this.stderr.lines().slice(Math.max(0, mark - this.stderr.dropped));
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once nothing of it runs. */
  async stop(graceMs: number): Promise<void> {
    await terminateTree(this.subprocess, { graceMs, pollMs: 10 });
    const exit = await this.exited;
    await this.#logsDone;
    // No exit-code folklore: 0, SIGTERM re-raised (uvicorn >= 0.54) and the exit abort after a clean shutdown are all a stop.
    const verdict = judgeShutdown({ ...exit, lines: this.stderr.lines() });
    if (verdict === 'absorbed') {
      const warning = exitAbortWarning('serve', null);
      this.spec.log.warn({ pid: this.pid }, warning.message);
      this.spec.onWarning?.(warning);
    } else if (verdict === 'failed' && this.loadMs !== null) {
      this.spec.log.warn({ pid: this.pid, exitCode: exit.exitCode, signal: exit.signal, stderr: this.stderr.excerpt(5) }, 'pocket-tts serve did not shut down cleanly');
    }
  }

  #watchReady(): Promise<void> {
    const { log } = this.spec;
    let onBound: () => void = () => undefined;
    const bound = new Promise<void>((resolve) => (onBound = resolve));
    // uvicorn prints this only after ITS bind succeeded: /health is not asked before (another server may own the port).
    const stderrDone = watchStderr(this.subprocess.stderr, {
      ring: this.stderr,
      onLine: (line, raw) => {
        forwardLogLine(log, line);
        if (/Uvicorn running on/.test(raw)) onBound();
      },
    });
    const stdoutDone = watchStderr(this.subprocess.stdout, { onLine: (line) => log.debug({ source: 'uvicorn-access' }, line.message) });
    this.#logsDone = Promise.all([stderrDone, stdoutDone]);
    return waitHealthy({ url: this.url, bound, exited: this.exited, timeoutMs: this.spec.startTimeoutMs, signal: this.spec.signal });
  }

  // 3.3.0 on load a default voice before binding: with a custom config that is an unpinned audio prompt on the Hub.
  #voiceHint(): string | undefined {
    const { release } = this;
    if (!release.serveLoadsDefaultVoice) return undefined;
    if (this.spec.defaultVoice !== undefined) return `pocket-tts ${release.version} loads the default voice (${this.spec.defaultVoice}) before it serves, and that failed (see the stderr excerpt): give a catalog voice of ${release.version}, or a .safetensors file exported with it.`;
    if (this.spec.config !== undefined) return `pocket-tts ${release.version} loads a default voice before it serves; with a custom config that is the audio prompt kyutai/tts-voices/alba-mackenna/casual.wav from the Hub, cloned with the gated weights. Give the pool an exported .safetensors voice as its default voice (server.defaultVoice, serve --default-voice).`;
    return undefined;
  }

  #startError(error: unknown): TtsError {
    if (error instanceof TtsError && error.code !== 'SERVER_START_FAILED') return error;
    const reason = error instanceof TtsError ? error.shortMessage : error instanceof Error ? error.message : String(error);
    const lines = this.stderr.lines();
    const verdict = classifyFailure({ exitCode: this.subprocess.exitCode, signal: this.subprocess.signalCode, lines });
    const busy = lines.some((line) => /address already in use/i.test(line));
    return new TtsError('SERVER_START_FAILED', `pocket-tts serve on port ${this.port} ${reason}${lines.length > 0 ? `: ${verdict.message}` : ''}`, {
      stderr: this.stderr.excerpt(20),
      durationMs: performance.now() - this.startedAt,
      exitCode: this.subprocess.exitCode ?? undefined,
      signal: this.subprocess.signalCode ?? undefined,
      details: { port: this.port, pid: this.pid, classified: verdict.code },
      hint: busy ? `Port ${this.port} is taken by another process: free it, or let the pool pick free ports.` : this.#voiceHint(),
      cause: error,
    });
  }
}
