// Server mode behind the Engine interface: requests checked, turned into forms, dispatched to the pool.
import type { Engine, EngineJob, EngineRun, EngineStats } from '../types.js';
import type { PocketTtsRelease } from '../../pocket-tts/index.js';
import type { Logger } from '../../request/logger.js';
import { failureContext } from '../failure.js';
import type { Pool } from './dispatch/pool.js';
import { checkServerRequest } from './request-check.js';
import type { ModelSettings } from './fleet/sidecar-args.js';
import { voiceFields } from './voice-form.js';

/**
 * The pool engine: `run()` refuses what the sidecars cannot do (see checkServerRequest), reads the voice
 * file (before taking a worker), then waits for a worker like the CLI engine waits for a permit.
 */
export class ServerEngine implements Engine {
  readonly mode = 'server';
  #warnedSlowVoice = false;

  constructor(
    readonly pool: Pool,
    private readonly model: ModelSettings,
    private readonly log: Logger,
    /** The local sidecars' release (null for a remote server: unknown). */
    private readonly release: PocketTtsRelease | null = null,
  ) {}

  async run(job: EngineJob): Promise<{ run: EngineRun; queuedMs: number }> {
    const { request } = job;
    checkServerRequest(request, this.model, this.release);
    // Still on its way while its voice file is read: counted until the tick that submits it.
    const arrived = this.pool.arriving();
    let voice: Awaited<ReturnType<typeof voiceFields>>;
    try {
      voice = await voiceFields(request.voice, (path) => this.#slowVoice(path));
    } finally {
      arrived();
    }
    const run = await this.pool.submit({ text: request.text, ...voice }, { signal: job.signal, log: job.log, failure: failureContext(request) });
    return { run: { output: run.output, startedAt: run.startedAt, spawnMs: run.spawnMs, finished: run.finished }, queuedMs: run.queuedMs };
  }

  close({ drain }: { drain: boolean }): Promise<void> {
    return this.pool.close({ drain });
  }

  stats(): EngineStats {
    return this.pool.stats();
  }

  arriving(): () => void {
    return this.pool.arriving();
  }

  // Said once per instance: every request with an audio voice pays its encoding again on the server.
  #slowVoice(path: string): void {
    if (this.#warnedSlowVoice) return;
    this.#warnedSlowVoice = true;
    this.log.warn(
      { voice: path },
      'audio voice files are re-encoded by the server on every request (seconds each): export the voice once with `pocket-tts-runtime voices export` and use its .safetensors file',
    );
  }
}
