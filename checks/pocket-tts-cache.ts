// pocket-tts-cache: pocket-tts's URL voice cache (~/.cache/pocket_tts, follows HOME) is usable.
import { checkCacheDir } from '../src/preflight/facts/cache-dir.js';
import { pocketTtsCacheDir } from '../src/preflight/facts/effective.js';
import { defineCheck } from '../src/preflight/facts/types.js';

/** The `pocket-tts-cache` check. */
export const pocketTtsCache = defineCheck({
  id: 'pocket-tts-cache',
  title: 'pocket-tts download cache',
  needsRuntime: false,
  run(facts) {
    // pocket-tts derives it from HOME alone: the only setting that moves it is the service's HOME.
    const relocate = 'run pocket-tts with HOME=<folder whose .cache is writable>';
    return checkCacheDir('pocket-tts cache', pocketTtsCacheDir(facts), facts.options.minFreeBytes, { relocate });
  },
});
