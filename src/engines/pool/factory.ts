// The `server` entry of ENGINE_FACTORIES: a started pool engine, or the CLI engine as a fallback.
import { CliEngine } from '../cli/engine.js';
import type { Engine } from '../types.js';
import { isTtsError } from '../../errors/index.js';
import { ignoreEngineEvents, observePool, type EngineObserver } from '../../events/index.js';
import type { Runtime } from '../../runtime/types.js';
import { releaseFor } from '../../pocket-tts/index.js';
import { childLogger, type Logger } from '../../request/logger.js';
import { createPool, modelSettings } from './create.js';
import { ServerEngine } from './engine.js';
import type { ResolvedServerOptions } from './options.js';

/** What the pool engine is built from (the facade's resolved options, or any object with these). */
export interface PoolEngineSettings {
  server: ResolvedServerOptions;
  maxQueue: number;
  logger: Logger;
  /** For the CLI fallback. */
  concurrency: number;
  graceMs: number;
}

/**
 * Starts the pool (every worker ready or given up, at least one ready) and returns its engine. When no
 * sidecar can start: SERVER_START_FAILED, or with `server.fallback: 'cli'` a CLI engine (logged as a warning).
 * With `server.url` no runtime is resolved at all.
 */
export async function createServerEngine(runtime: () => Promise<Runtime>, options: PoolEngineSettings, events: EngineObserver = ignoreEngineEvents): Promise<Engine> {
  const { server } = options;
  const log = childLogger(options.logger, { component: 'pocket-tts-runtime', mode: 'server' });
  const resolved = server.url === undefined ? await runtime() : undefined;
  const pool = createPool({ runtime: resolved, server, maxQueue: options.maxQueue, log });
  observePool(pool, events); // before start(): the first model loads are reported too
  try {
    await pool.start();
  } catch (error) {
    await pool.close({ drain: false });
    if (server.fallback !== 'cli' || resolved === undefined || !isTtsError(error, 'SERVER_START_FAILED')) throw error;
    log.warn({ error: error.shortMessage, stderr: error.stderr }, 'no pocket-tts sidecar could start: falling back to CLI mode');
    return new CliEngine({ runtime: resolved, concurrency: options.concurrency, maxQueue: options.maxQueue, graceMs: options.graceMs, events });
  }
  // A remote server's release is unknown: only what every release shares is checked.
  return new ServerEngine(pool, modelSettings(server), log, resolved === undefined ? null : releaseFor(resolved.versions.pocketTts));
}
