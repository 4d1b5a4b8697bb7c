import type { RuntimeCaches } from '../config/caches.js';
import type { CommandPrefix } from '../process/spawn.js';

// Defined below the runtime (process/ spawns prefixes, config/ decides caches), part of its shape here.
export type { CommandPrefix, RuntimeCaches };

/** How pocket-tts is run: a dedicated venv, an on-demand `uvx` environment, or an existing install. */
export type RuntimeMode = 'venv' | 'uvx' | 'system';

/**
 * A resolved, ready-to-run pocket-tts runtime: which program to run, how, and with which environment.
 * This is the content of `runtime.json`, the completion marker of a provisioned runtime.
 */
export interface Runtime {
  schemaVersion: 1;
  mode: RuntimeMode;
  /** Stable name derived from the inputs (mode, pins, python, index options, lock hash). */
  id: string;
  /** The runtime folder (`<home>/runtimes/<id>` resolved to its physical location). */
  path: string;
  /** The home folder the runtime belongs to. */
  home: string;
  /** How to run `pocket-tts`: spawn `pocketTts.file` with `[...pocketTts.args, 'generate', …]`. */
  pocketTts: CommandPrefix;
  /** How to run the runtime's own Python (`python.file` + `python.args` + `-c …`), or null when unknown. */
  python: CommandPrefix | null;
  versions: {
    /** Installed pocket-tts version (e.g. `2.1.0`, `2.1.0+double`), or the pin when not probed. */
    pocketTts: string;
    /** Installed torch version, or null when not probed. */
    torch: string | null;
    /** Python version of the runtime, or null when not known. */
    python: string | null;
  };
  /** Environment given to every pocket-tts process of this runtime (caches, offline mode). */
  env: Readonly<Record<string, string>>;
  caches: RuntimeCaches;
  /** What installed it: `uv`, `pip`, or null (system/uvx). */
  installer: 'uv' | 'pip' | null;
  /** The inputs the id was derived from (for humans and `--json`). */
  inputs: Readonly<Record<string, unknown>>;
  createdAt: string;
  /** True when provision() found it complete and installed nothing. */
  reused: boolean;
}
