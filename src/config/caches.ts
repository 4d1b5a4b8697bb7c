import { join, resolve } from 'node:path';
import { nonEmpty, userHome } from './home.js';

/** Where the caches of a runtime live (all absolute paths). */
export interface RuntimeCaches {
  /** `HF_HOME` (weights, tokenizer, voices of the Hub live under its `hub/`). */
  hfHome: string;
  /** `HF_HUB_CACHE`, where huggingface_hub looks for files. */
  hfHubCache: string;
  /** pocket-tts's own download cache for http(s) voices: `~/.cache/pocket_tts` (follows HOME). */
  pocketTts: string;
  /** uv's cache (uvx mode and uv installs), or null when uv is not involved. */
  uv: string | null;
}

/** Cache locations a caller may pin (otherwise the environment, then upstream defaults, decide). */
export interface CacheOptions {
  /** `HF_HOME` for pocket-tts (weights, tokenizer, catalog voices under `hub/`). */
  hfHome?: string;
  /** `HF_HUB_CACHE` (defaults to `<HF_HOME>/hub` like huggingface_hub). */
  hfHubCache?: string;
  /** uv's cache (`UV_CACHE_DIR`), used by uvx mode and uv installs. */
  uvCacheDir?: string;
  /** Run pocket-tts with `HF_HUB_OFFLINE=1`: never download, use the cache only. */
  offline?: boolean;
}

/**
 * Decides where every cache lives, with huggingface_hub's own precedence (explicit option, then the
 * environment, then the default under HOME), so pocket-tts, preflight and the voice exporter agree.
 */
export function resolveCaches(options: CacheOptions, env: NodeJS.ProcessEnv, usesUv: boolean): RuntimeCaches {
  const home = userHome(env);
  const xdgCache = nonEmpty(env.XDG_CACHE_HOME) ?? join(home, '.cache');
  const hfHome = resolve(options.hfHome ?? nonEmpty(env.HF_HOME) ?? join(xdgCache, 'huggingface'));
  const hfHubCache = resolve(options.hfHubCache ?? (options.hfHome === undefined ? nonEmpty(env.HF_HUB_CACHE) : undefined) ?? join(hfHome, 'hub'));
  const uv = usesUv ? resolve(options.uvCacheDir ?? nonEmpty(env.UV_CACHE_DIR) ?? join(xdgCache, 'uv')) : null;
  return { hfHome, hfHubCache, pocketTts: join(home, '.cache', 'pocket_tts'), uv };
}

/** The environment a runtime passes to pocket-tts so every process agrees on the caches. */
export function cacheEnv(caches: RuntimeCaches, offline: boolean): Record<string, string> {
  const env: Record<string, string> = { HF_HOME: caches.hfHome, HF_HUB_CACHE: caches.hfHubCache };
  if (caches.uv !== null) env.UV_CACHE_DIR = caches.uv;
  if (offline) env.HF_HUB_OFFLINE = '1';
  return env;
}
