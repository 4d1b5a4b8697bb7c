// The BenchTarget of pocket-tts through createTts: `cli` (a process per request) and `server` (warm sidecars).
import type { Runtime } from '../runtime/types.js';
import type { ServerOptions } from '../engines/pool/options.js';
import { createTts } from '../tts/create.js';
import { describeRuntime } from './facts.js';
import type { BenchEngine, BenchTarget } from './types.js';

/** Options of {@link ttsTarget}. */
export interface TtsTargetOptions {
  runtime: Runtime;
  /** Folders the voice files may be in (where the harness wrote its synthetic voices). */
  voiceRoots: readonly string[];
  /** Per-request timeout (default createTts's, 300,000 ms). */
  timeoutMs?: number;
  /** Server-mode options beyond `workers`, which is the concurrency level. */
  server?: Omit<ServerOptions, 'workers'>;
}

/** pocket-tts run by this package: every engine is a createTts() instance, its processes our descendants. */
export function ttsTarget(options: TtsTargetOptions): BenchTarget {
  return {
    modes: ['cli', 'server'],
    describe: () => describeRuntime(options.runtime),
    engine: (mode, concurrency) => ttsEngine(mode as 'cli' | 'server', concurrency, options),
  };
}

function ttsEngine(mode: 'cli' | 'server', concurrency: number, options: TtsTargetOptions): BenchEngine {
  const tts = createTts({
    runtime: options.runtime,
    mode,
    concurrency,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    limits: { voiceRoots: [...options.voiceRoots] },
    // One sidecar per request in flight, like CLI mode's one process per request.
    ...(mode === 'server' ? { server: { ...options.server, workers: concurrency } } : {}),
  });
  return {
    processes: 'descendants',
    start: () => tts.ready(),
    async run({ text, voice }) {
      const result = await tts.generate({ text, ...(voice === undefined ? {} : { voice }) });
      return { firstByteMs: result.timings.firstByteMs, totalMs: result.timings.totalMs, audioMs: result.durationMs };
    },
    close: () => tts.close(),
  };
}
