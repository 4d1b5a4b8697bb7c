import { Option, type Command } from '@commander-js/extra-typings';
import { zodError } from '../../errors/zod.js';
import { isLoopback } from '../../config/listen.js';
import { observeServe } from '../../serve/metrics.js';
import { loadConfig } from '../../setup/load.js';
import { DOUBLE_NOTICE, isContractDouble } from '../../pocket-tts/index.js';
import { resolveRuntime } from '../../runtime/resolve.js';
import { createPool, serverOptionsSchema, type Pool, type ResolvedServerOptions, type ServerOptions } from '../../engines/pool/index.js';
import { startFront, type Front } from '../../serve/index.js';
import { LANGUAGES } from '../../request/catalog.js';
import type { Logger } from '../../request/logger.js';
import { loadNamedVoices, resolveVoicesOption } from '../../voices/named.js';
import { commonRuntimeOptions, listenHost, nonBlank, nonNegativeInt, port, positiveInt, runtimeOptions, withoutUndefined } from './flags.js';

/** `serve`: the supervised pool in the foreground behind one endpoint with upstream's wire API. */
export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('Run a pool of warm pocket-tts sidecars behind one endpoint speaking pocket-tts serve\'s API (GET /health, POST /tts) and OpenAI\'s POST /v1/audio/speech; SIGTERM/SIGINT stop it.')
    .option('--workers <n>', 'sidecars (default: one per core, fewer when memory is short)', positiveInt)
    .option('--host <host>', 'interface to listen on, an IP address or host name; the sidecars always bind 127.0.0.1 (default: server.host, else 127.0.0.1)', listenHost)
    .option('--token <token>', 'bearer token every route but GET /health needs (Authorization: Bearer <token>; default: $POCKET_TTS_RUNTIME_TOKEN, else server.token, else none: no auth)', nonBlank)
    .option('--port <port>', 'port to listen on, 0 for any free port (default: server.port, else 8000)', port)
    .addOption(new Option('--language <language>', 'the sidecars\' built-in language (default english)').choices(LANGUAGES))
    .option('--config <file>', 'the sidecars\' pocket-tts YAML config (instead of --language)')
    .option('--quantize', 'int8 quantization of the sidecars\' model')
    .option('--default-voice <voice>', 'voice of a request that names none: a catalog name or an exported .safetensors file (default: server.defaultVoice, else the language\'s own)', nonBlank)
    .option('--per-worker <k>', 'generations in flight per sidecar, overlapped on its one model like upstream\'s server (default 1; see RUNTIME.md "First audio under load")', positiveInt)
    .option('--spares <n>', 'warm spare sidecars, swapped in when an aborted request\'s worker is replaced', nonNegativeInt)
    .option('--max-queue <n>', 'requests waiting for a worker before 429', nonNegativeInt, 100)
    .option('--timeout <ms>', 'per-request timeout, queueing included', positiveInt, 300_000)
    .option('--body-timeout <ms>', 'how long a request body may take to arrive before 408', positiveInt, 30_000)
    .option('--drain-timeout <ms>', 'on SIGTERM/SIGINT, how long requests in flight may finish (a second signal stops at once)', nonNegativeInt, 10_000)
    .option('--allow-remote-voices', 'accept http(s):// and hf:// voice_url values')
    .option('--manifest <file>', 'voices manifest whose exported voices /v1/audio/speech\'s voice may name (default: voices.json, if exported)')
    .option('--voices-dir <dir>', 'exported voices folder (default: .pocket-tts/voices beside the manifest)')
    .option('--no-metrics', 'do not serve GET /metrics (the pool\'s Prometheus metrics, an addition to upstream\'s API)')
    .option('--executable <path>', 'use this pocket-tts directly (no provisioned runtime needed)')
    .option('--verbose', 'also log the sidecars\' own lines');
  commonRuntimeOptions(command).action(async (flags) => {
    // First, so that a signal in any state (loading, serving, draining) is honoured, never Node's default.
    const stopping = stopSignals();
    const log = stderrLogger(flags.verbose === true);
    const { config } = await loadConfig();
    const host = flags.host ?? config.server?.host ?? '127.0.0.1';
    const listenPort = flags.port ?? config.server?.port ?? 8000;
    const token = flags.token ?? config.server?.token;
    const server = serverOptions({ ...flags, workers: flags.workers ?? config.server?.workers, language: flags.language ?? config.language, defaultVoice: flags.defaultVoice ?? config.server?.defaultVoice });
    const voices = new Map<string, string>();
    await loadNamedVoices(resolveVoicesOption({ manifest: flags.manifest ?? config.voices?.manifest, dir: flags.voicesDir ?? config.voices?.dir }), voices, log);
    const runtime = await resolveRuntime(runtimeOptions(flags, config));
    const pool = createPool({ runtime, server, maxQueue: flags.maxQueue, log });
    const observed = observeServe(pool, log, { metrics: flags.metrics });
    // The front binds before any sidecar loads: a busy port fails here, with nothing spawned.
    const front = await startFront({ pool, host, port: listenPort, allowRemoteVoices: flags.allowRemoteVoices === true, timeoutMs: flags.timeout, bodyTimeoutMs: flags.bodyTimeout, maxBodyBytes: 64 * 1024 * 1024, log, voices, metrics: observed.registry, onRequest: observed.onRequest, token });
    if (!isLoopback(host)) {
      const auth = token === undefined ? 'it has NO authentication: anyone who reaches it can use it (set --token or POCKET_TTS_RUNTIME_TOKEN)' : 'every route but /health needs the bearer token';
      log.warn({}, `serve listens on ${host}, which other machines may reach; ${auth}`);
    }
    const stopAll = async (): Promise<void> => {
      await pool.close({ drain: false });
      await front.close();
    };
    log.info({ url: front.url, workers: server.workers }, `pocket-tts-runtime serve: listening on ${front.url}, loading ${server.workers} worker(s) (/health answers 503 until one is ready; requests wait in the queue)`);
    if (!stopping.received()) {
      // Any start-up failure stops every child and the front before it is reported.
      await Promise.race([pool.start(), stopping.first]).catch(async (error: unknown) => {
        await stopAll();
        throw error;
      });
    }
    if (stopping.received()) {
      log.info({}, 'shutting down while the workers load');
      await stopAll();
      log.info({}, 'stopped');
      return;
    }
    log.info({ url: front.url, workers: pool.readyCount() }, `pocket-tts-runtime serve: ${pool.readyCount()} worker(s) ready on ${front.url}`);
    if (isContractDouble(runtime.versions.pocketTts)) log.warn({ synthetic: true }, `pocket-tts-runtime serve: ${DOUBLE_NOTICE}`);
    await stopping.first;
    await shutdown(front, pool, flags.drainTimeout, stopping.second, log);
  });
}

function serverOptions(flags: Pick<ServerOptions, 'workers' | 'language' | 'config' | 'quantize' | 'spares' | 'perWorker' | 'defaultVoice'>): ResolvedServerOptions {
  const { workers, language, config, quantize, spares, perWorker, defaultVoice } = flags;
  const parsed = serverOptionsSchema.safeParse(withoutUndefined({ workers, language, config, quantize, spares, perWorker, defaultVoice }));
  if (!parsed.success) {
    throw zodError('INVALID_CONFIG', parsed.error, ({ path, message }) => {
      const flag = path.split('.')[0] ?? '';
      return { message: `--${flag === '' ? 'option' : flag}: ${message}`, field: flag };
    });
  }
  return parsed.data;
}

/**
 * New requests get 503; requests in flight and queued ones run for `drainMs` (a second signal cuts it
 * short). Then the ones still queued are refused (503 CLOSED), the ones still running end with the error
 * trailer, and every sidecar stops.
 */
async function shutdown(front: Front, pool: Pool, drainMs: number, second: Promise<unknown>, log: Logger): Promise<void> {
  log.info({}, `shutting down: new requests get 503, requests in flight and queued run for up to ${drainMs} ms`);
  front.startDraining();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise((resolve) => (timer = setTimeout(resolve, drainMs)));
  await Promise.race([pool.drain(), deadline, second]);
  clearTimeout(timer);
  await pool.close({ drain: false });
  await front.close();
  log.info({}, 'stopped');
}

/** The first and second SIGTERM/SIGINT (a third one kills); while these listeners exist, a signal no longer kills Node outright. */
function stopSignals(): { first: Promise<void>; second: Promise<void>; received(): boolean } {
  let count = 0;
  let onFirst: () => void = () => undefined;
  let onSecond: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const second = new Promise<void>((resolve) => (onSecond = resolve));
  const handler = (): void => {
    count++;
    if (count === 1) onFirst();
    else if (count === 2) {
      onSecond();
      // A third signal kills outright (the registry SIGKILLs every child). Removed after this emit: removing
      // it during the emit would make signal-exit re-raise this second signal before the stop ran.
      setImmediate(() => {
        process.off('SIGTERM', handler);
        process.off('SIGINT', handler);
      });
    }
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return { first, second, received: () => count > 0 };
}

// info and above on stderr (`LEVEL: message`), debug too with --verbose.
function stderrLogger(verbose: boolean): Logger {
  const line = (level: string) => (obj: object, msg?: string) => process.stderr.write(`${`${level}:`.padEnd(9)} ${msg ?? ''}${Object.keys(obj).length > 0 ? ` ${JSON.stringify(obj)}` : ''}\n`);
  return { debug: verbose ? line('DEBUG') : () => undefined, info: line('INFO'), warn: line('WARNING'), error: line('ERROR') };
}
