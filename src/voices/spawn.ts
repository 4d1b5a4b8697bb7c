// Starts a pocket-tts process (helper or export-voice) for the exporter: stderr kept, stopped on abort.
import { engineEnv, LineRing, spawnEngine, terminateTree, watchStderr, type EngineStdin, type EngineSubprocess } from '../process/index.js';
import type { CommandPrefix } from '../runtime/types.js';
import type { ExportSession } from './session.js';

/** A started process with its stderr ring; `finish()` waits for the exit and detaches the abort handler. */
export interface WatchedProcess<Stdin extends EngineStdin> {
  child: EngineSubprocess<Stdin>;
  ring: LineRing;
  finish(): Promise<Awaited<EngineSubprocess<Stdin>>>;
}

/** Spawns `prefix args` with the runtime's env; stderr lines become `voice-output` events of `voiceName()`. */
export function spawnWatched<Stdin extends EngineStdin>(
  prefix: CommandPrefix,
  args: readonly string[],
  session: ExportSession,
  stdin: Stdin,
  voiceName: () => string | null,
): WatchedProcess<Stdin> {
  const child = spawnEngine(prefix, args, { env: engineEnv(session.runtime), stdin });
  const ring = new LineRing();
  const stderrDone = watchStderr(child.stderr, { ring, onLine: (_line, raw) => session.emit({ type: 'voice-output', name: voiceName(), line: raw }) });
  let stopping: Promise<unknown> | undefined;
  const stop = (): void => {
    stopping ??= terminateTree(child, { graceMs: 2_000 });
  };
  session.signal?.addEventListener('abort', stop, { once: true });
  if (session.signal?.aborted === true) stop();
  return {
    child,
    ring,
    finish: async () => {
      const result = await child;
      await stderrDone;
      await stopping;
      session.signal?.removeEventListener('abort', stop);
      return result;
    },
  };
}
