import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BYTES_PER_SAMPLE, CHANNELS, SAMPLE_RATE, WavStream, collectWav, streamLooksComplete, type StreamEnd } from '../audio/index.js';
import { CliEngine } from '../engines/cli/engine.js';
import { createServerEngine } from '../engines/pool/factory.js';
import { modelSettings } from '../engines/pool/create.js';
import { checkServerRequest } from '../engines/pool/request-check.js';
import type { Engine, EngineRun } from '../engines/types.js';
import { TtsError, isTtsError } from '../errors/index.js';
import { termination } from '../errors/termination.js';
import { RequestProbe, exitAbortWarning, logRequest, voiceSource, type EngineObserver, type TtsEvents } from '../events/index.js';
import { exitFactsOf, judgeExit } from '../process/index.js';
import { instrument } from '../metrics/instrument.js';
import { provision } from '../runtime/provision.js';
import { runtimeFrom } from '../runtime/option.js';
import type { Runtime } from '../runtime/types.js';
import { childLogger } from '../request/logger.js';
import type { EngineMode, EngineStats } from '../request/mode.js';
import { resolveTtsOptions, type ResolvedTtsOptions, type TtsOptions } from './options.js';
import { validateRequest, type GenerateRequest, type RequestLimits, type ValidatedRequest } from '../request/request.js';
import { TtsStream, type GenerateResult, type Timings } from './result.js';
import { requestSignal } from './signals.js';
import { loadNamedVoices } from '../voices/named.js';

/** A text-to-speech instance: generate() for a buffered WAV, stream() for bytes as they come. */
export interface Tts extends EventEmitter {
  readonly mode: EngineMode;
  /** Generates speech and resolves to a complete WAV with correct sizes. */
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Generates speech as a readable WAV byte stream (see TtsStream for the header's sizes). */
  stream(request: GenerateRequest): TtsStream;
  /** Resolves the runtime (and in server mode starts the workers); generate() calls it on first use. */
  ready(): Promise<void>;
  /** Queue depth, busy and idle workers. */
  stats(): EngineStats;
  /** Refuses new requests, then stops running ones (or lets them finish with `drain: true`) and every process. */
  close(options?: { drain?: boolean }): Promise<void>;
  /** `request` once per settled request, `worker` for server-mode workers, `exit` for process exits, `warning` for absorbed exit aborts (see RUNTIME.md "Observability"). */
  on<K extends keyof TtsEvents>(event: K, listener: (event: TtsEvents[K]) => void): this;
  once<K extends keyof TtsEvents>(event: K, listener: (event: TtsEvents[K]) => void): this;
  off<K extends keyof TtsEvents>(event: K, listener: (event: TtsEvents[K]) => void): this;
}

/** Engine factories by mode; each resolves the runtime when it needs one (an external server pool does not), and reports worker and process events to `events`. */
export const ENGINE_FACTORIES: Record<string, (runtime: () => Promise<Runtime>, options: ResolvedTtsOptions, events?: EngineObserver) => Engine | Promise<Engine>> = {
  cli: async (runtime, options, events) => new CliEngine({ runtime: await runtime(), concurrency: options.concurrency, maxQueue: options.maxQueue, graceMs: options.graceMs, events }),
  server: createServerEngine,
};

/** Creates a tts instance. Validates options at once (INVALID_CONFIG); the runtime is resolved on first use. */
export function createTts(options: TtsOptions = {}): Tts {
  return new TtsInstance(resolveTtsOptions(options));
}

class TtsInstance extends EventEmitter implements Tts {
  readonly #options: ResolvedTtsOptions;
  readonly #limits: RequestLimits;
  #closed = false;
  readonly #active = new Set<(reason: TtsError) => void>();
  #engine: Promise<Engine> | undefined;
  #started: Engine | undefined;
  // Exported voices by name, filled once from the voices index (resolveVoice consults it first).
  readonly #named = new Map<string, string>();
  #namedLoaded: Promise<void> | undefined;
  readonly #detachMetrics: () => void;

  constructor(options: ResolvedTtsOptions) {
    super();
    this.#options = options;
    this.#limits = {
      maxTextLength: options.maxTextLength,
      controlCharacters: options.controlCharacters,
      defaultTimeoutMs: options.timeoutMs,
      voices: { roots: options.voiceRoots, allowRemote: options.allowRemoteVoices, named: this.#named },
    };
    this.#detachMetrics = options.metrics === null ? () => undefined : instrument(this, options.metrics);
  }

  get mode(): EngineMode {
    return this.#options.mode;
  }

  async ready(): Promise<void> {
    await this.#getEngine();
  }

  stats(): EngineStats {
    return this.#started?.stats() ?? { queued: 0, busy: 0, idle: 0 };
  }

  async generate(input: GenerateRequest): Promise<GenerateResult> {
    const probe = new RequestProbe('generate', input);
    const arrived = this.#arriving();
    try {
      const result = await this.#generate(input, probe, arrived);
      probe.succeeded(result.durationMs, result.timings);
      this.#settle(probe, null);
      return result;
    } catch (error) {
      this.#settle(probe, error);
      throw error;
    } finally {
      arrived();
    }
  }

  async #generate(input: GenerateRequest, probe: RequestProbe, arrived: () => void): Promise<GenerateResult> {
    const calledAt = probe.calledAt;
    const request = await this.#accept(input, probe);
    const engine = await this.#getEngine();
    const stop = requestSignal(request.signal, request.timeoutMs, this.#active);
    const badOutput = new AbortController();
    const signal = AbortSignal.any([stop.signal, badOutput.signal]);
    try {
      arrived(); // the engine counts the request from here on (same tick)
      const { run, queuedMs } = await engine.run({ request, signal, log: this.#log(), id: probe.id });
      probe.started(queuedMs, run.spawnMs);
      const collected = collectWav(run.output).catch((error: unknown) => stopOnBadOutput(error, run.output, badOutput));
      const [wav, finished] = await Promise.all([collected, run.finished]);
      const failure = this.#absorbExitAbort(finished, wav instanceof Error ? null : { dataBytes: wav.samples * BYTES_PER_SAMPLE, endsWithSilence: wav.endsWithSilence }, probe.id);
      // The stop reason explains everything after it; then the process's own failure; then a broken stream.
      const ended = termination([signal], [failure, wav instanceof Error ? wav : null]);
      if (wav instanceof Error) throw ended ?? wav;
      if (ended !== null) throw ended;
      const result = wav;
      if (result.samples === 0) throw new TtsError('INVALID_OUTPUT', 'pocket-tts exited successfully but produced no audio');
      return {
        wav: result.wav,
        sampleRate: SAMPLE_RATE,
        channels: CHANNELS,
        samples: result.samples,
        durationMs: result.durationMs,
        timings: timings(calledAt, queuedMs, run, result.firstPcmAt),
      };
    } finally {
      stop.dispose();
    }
  }

  stream(input: GenerateRequest): TtsStream {
    const out = new TtsStream();
    const probe = new RequestProbe('stream', input);
    const arrived = this.#arriving();
    void this.#runStream(input, out, probe, arrived).finally(arrived).then(
      () => this.#settle(probe, null),
      (error: unknown) => {
        this.#settle(probe, error);
        out.destroy(error as Error);
      },
    );
    return out;
  }

  async #runStream(input: GenerateRequest, out: TtsStream, probe: RequestProbe, arrived: () => void): Promise<void> {
    const calledAt = probe.calledAt;
    const request = await this.#accept(input, probe);
    const engine = await this.#getEngine();
    const stop = requestSignal(request.signal, request.timeoutMs, this.#active);
    const consumerGone = new AbortController();
    // A consumer that destroys the stream before its end stops the generation (and its process).
    out.once('close', () => {
      if (!out.writableFinished) consumerGone.abort(new TtsError('ABORTED', 'the stream was destroyed before its end'));
    });
    const badOutput = new AbortController();
    const signal = AbortSignal.any([stop.signal, consumerGone.signal, badOutput.signal]);
    try {
      arrived(); // the engine counts the request from here on (same tick)
      const { run, queuedMs } = await engine.run({ request, signal, log: this.#log(), id: probe.id });
      probe.started(queuedMs, run.spawnMs);
      const wav = new WavStream();
      const piped = pipeline(run.output, wav, out, { end: false }).then(() => null, (error: unknown) => stopOnBadOutput(error, run.output, badOutput));
      const [pipeError, finished] = await Promise.all([piped, run.finished]);
      const failure = this.#absorbExitAbort(finished, pipeError === null ? wav : null, probe.id);
      probe.firstAudio(wav.firstPcmAt);
      const failed = termination([stop.signal, badOutput.signal], [failure, pipeError]);
      if (failed !== null) throw failed;
      if (wav.samples === 0) throw new TtsError('INVALID_OUTPUT', 'pocket-tts exited successfully but produced no audio');
      out.samples = wav.samples;
      out.timings = timings(calledAt, queuedMs, run, wav.firstPcmAt);
      probe.succeeded((wav.samples / SAMPLE_RATE) * 1000, out.timings);
      out.emit('timings', out.timings);
      out.end();
    } finally {
      stop.dispose();
    }
  }

  async close(options: { drain?: boolean } = {}): Promise<void> {
    this.#closed = true;
    const closed = new TtsError('CLOSED', 'the tts instance was closed while the request ran');
    for (const abort of this.#active) abort(closed);
    const engine = await this.#engine?.catch(() => undefined);
    await engine?.close({ drain: options.drain ?? false });
    this.#detachMetrics();
  }

  async #accept(input: GenerateRequest, probe: RequestProbe): Promise<ValidatedRequest> {
    if (this.#closed) throw new TtsError('CLOSED', 'the tts instance is closed');
    await this.#loadNamedVoices();
    const request = await validateRequest(input, this.#limits);
    probe.voice = voiceSource(request.voice);
    probe.textLength = request.text.length;
    // Server mode: what no sidecar can serve is refused before any starts (the started engine checks again;
    // a CLI fallback engine, once started, takes every parameter).
    if (this.#options.mode === 'server' && this.#started === undefined) checkServerRequest(request, modelSettings(this.#options.server));
    return request;
  }

  // The exit abort after complete audio: the request keeps its audio, with a warning (RUNTIME.md, "The exit abort").
  #absorbExitAbort(failure: TtsError | null, end: StreamEnd | null, id: string): TtsError | null {
    const facts = exitFactsOf(failure);
    if (facts === null || judgeExit(facts, () => end !== null && streamLooksComplete(end)) !== 'absorbed') return failure;
    const warning = exitAbortWarning('generate', id);
    this.#log().warn({ requestId: id }, warning.message);
    this.#send('warning', warning);
    return null;
  }

  // One event and one log line per settled request.
  #settle(probe: RequestProbe, error: unknown): void {
    const event = probe.settle(this.#started?.mode ?? this.#options.mode, error);
    logRequest(this.#log(), event);
    this.#send('request', event);
  }

  // A listener that throws must not break a request or the pool: it is logged instead.
  #send<K extends keyof TtsEvents>(name: K, event: TtsEvents[K]): void {
    try {
      this.emit(name, event);
    } catch (error) {
      this.#log().error({ event: name, error: String(error) }, `a '${name}' event listener threw`);
    }
  }

  // A request on its way to an engine that is already up (before then there is nothing to leave room in);
  // released in the tick that hands it to engine.run().
  #arriving(): () => void {
    return this.#started?.arriving?.() ?? (() => undefined);
  }

  #getEngine(): Promise<Engine> {
    this.#engine ??= this.#startEngine();
    return this.#engine;
  }

  #loadNamedVoices(): Promise<void> {
    this.#namedLoaded ??= loadNamedVoices(this.#options.voices, this.#named, this.#log());
    return this.#namedLoaded;
  }

  async #startEngine(): Promise<Engine> {
    await this.#loadNamedVoices();
    const factory = ENGINE_FACTORIES[this.#options.mode];
    if (factory === undefined) throw new TtsError('INVALID_CONFIG', `mode "${this.#options.mode}" is not available`, { field: 'mode' });
    const events: EngineObserver = { worker: (e) => this.#send('worker', e), exit: (e) => this.#send('exit', e), warning: (e) => this.#send('warning', e) };
    this.#started = await factory(() => runtimeFor(this.#options), this.#options, events);
    return this.#started;
  }

  #log(): ReturnType<typeof childLogger> {
    return childLogger(this.#options.logger, { component: 'pocket-tts-runtime', mode: this.#options.mode });
  }
}

async function runtimeFor(options: ResolvedTtsOptions): Promise<Runtime> {
  return options.provision === undefined ? runtimeFrom(options.runtime) : provision(options.provision);
}

// Output found not to be a WAV stream while pocket-tts still writes stops it at once (it would only die of
// a broken pipe, hiding the cause). At the end of the output, the exit status explains more: keep it.
function stopOnBadOutput(error: unknown, output: Readable, badOutput: AbortController): Error {
  if (isTtsError(error, 'INVALID_OUTPUT') && !output.readableEnded) badOutput.abort(error);
  return error as Error;
}

function timings(calledAt: number, queuedMs: number, run: EngineRun, firstPcmAt: number | null): Timings {
  return {
    queuedMs,
    spawnMs: run.spawnMs,
    firstByteMs: firstPcmAt === null ? null : firstPcmAt - calledAt,
    totalMs: performance.now() - calledAt,
  };
}
