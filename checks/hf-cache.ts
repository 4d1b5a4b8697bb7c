// hf-cache: the effective HF_HUB_CACHE exists or can be created, is writable, and has room for the weights.
import { checkCacheDir } from '../src/preflight/facts/cache-dir.js';
import { effectiveHubCache, effectiveOffline } from '../src/preflight/facts/effective.js';
import { quote } from '../src/preflight/facts/outcomes.js';
import { defineCheck } from '../src/preflight/facts/types.js';

/** The `hf-cache` check. */
export const hfCache = defineCheck({
  id: 'hf-cache',
  title: 'Hugging Face cache',
  needsRuntime: true,
  run(facts) {
    const dir = effectiveHubCache(facts);
    // The runtime's record sets HF_HUB_CACHE for every process; provision rewrites that record.
    const relocate = `pocket-tts-runtime provision --home ${quote(facts.options.home)} --hf-hub-cache <writable folder>`;
    // Offline, nothing is downloaded: a read-only cache baked into an image is fine when it holds the files.
    return checkCacheDir('HF_HUB_CACHE', dir, facts.options.minFreeBytes, { relocate }, effectiveOffline(facts));
  },
});
