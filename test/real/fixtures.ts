import { homedir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

/** What the real tier's global setup provisioned and built (see test/real/README.md). */
export interface RealFixtures {
  /** The pocket-tts release under test (POCKET_TTS_REAL_VERSION, default: the package's pin). */
  version: string;
  /** The torch build installed beside it (POCKET_TTS_REAL_TORCH, default 2.13.0+cpu). */
  torchVersion: string;
  /** Where torch came from (POCKET_TTS_REAL_TORCH_FIND_LINKS), or null for PyTorch's CPU index. */
  torchFindLinks: string | null;
  /** The tier's cache folder (kept between local runs; a fresh machine builds it). */
  cacheRoot: string;
  /** The home the runtime was provisioned into. */
  home: string;
  /** `provision --json` of that runtime. */
  runtime: { id: string; path: string; executable: string; python: string; versions: { pocketTts: string; torch: string | null; python: string | null } };
  /** The synthetic HF_HUB_CACHE (random weights: the speech is noise). */
  hubCache: string;
  /** The same model as a local `--config` YAML (synthetic-cache writes it beside the cache). */
  config: string;
  /** The CLI arguments that provision the same runtime again (reused): home, versions, torch source. */
  provisionArgs: string[];
  /** Seconds each setup step took in this run (provision, synthetic cache), for the budget. */
  timings: Record<string, number>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    real: RealFixtures;
  }
}

/** The real tier's fixtures. */
export function real(): RealFixtures {
  return inject('real');
}

/** The real tier's cache folder: POCKET_TTS_REAL_CACHE, else pocket-tts-runtime/real-tier in the user's cache. */
export function realTierRoot(): string {
  return process.env.POCKET_TTS_REAL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pocket-tts-runtime', 'real-tier');
}
