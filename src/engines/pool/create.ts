// Builds a pool from resolved server options: local sidecars, or an external pool by URL.
import { resolve } from 'node:path';
import { TtsError } from '../../errors/index.js';
import type { Runtime } from '../../runtime/types.js';
import type { Logger } from '../../request/logger.js';
import { LocalFleet } from './fleet/local.js';
import type { ResolvedServerOptions } from './options.js';
import { Pool } from './dispatch/pool.js';
import { RemoteFleet } from './fleet/remote.js';
import { isVoiceStateFile } from '../../request/voice.js';
import type { ModelSettings } from './fleet/sidecar-args.js';

/** What {@link createPool} needs. */
export interface CreatePoolOptions {
  /** The runtime the sidecars run (not needed with `server.url`). */
  runtime?: Runtime | undefined;
  server: ResolvedServerOptions;
  maxQueue: number;
  log: Logger;
}

/** A pool, not started yet (call `start()`). */
export function createPool({ runtime, server, maxQueue, log }: CreatePoolOptions): Pool {
  const options = { maxQueue, fanOutChars: server.fanOutChars, retryOnCrash: server.retryOnCrash };
  if (server.url !== undefined) return new Pool(new RemoteFleet({ url: server.url, concurrency: server.workers, startTimeoutMs: server.startTimeoutMs }), options);
  if (runtime === undefined) throw new TtsError('INVALID_CONFIG', 'server mode needs a runtime to start sidecars, or server.url', { field: 'server' });
  const fleet = new LocalFleet({
    workers: server.workers,
    perWorker: server.perWorker,
    spares: server.spares,
    sidecar: { runtime, host: server.host, ...modelSettings(server), startTimeoutMs: server.startTimeoutMs },
    backoff: { initialMs: server.restartDelayMs, maxMs: server.maxRestartDelayMs },
    maxStartFailures: server.maxStartFailures,
    healthIntervalMs: server.healthIntervalMs,
    abortGraceMs: server.abortGraceMs,
    closeGraceMs: server.closeGraceMs,
    log,
  });
  return new Pool(fleet, options);
}

/** The model settings of a pool's sidecars (the config path made absolute). */
export function modelSettings(server: Pick<ResolvedServerOptions, 'language' | 'config' | 'quantize' | 'defaultVoice'>): ModelSettings {
  const voice = server.defaultVoice;
  const defaultVoice = voice === undefined || !isVoiceStateFile(voice) ? voice : resolve(voice);
  return { language: server.language, config: server.config === undefined ? undefined : resolve(server.config), quantize: server.quantize, defaultVoice };
}
