// A cache built by synthetic-cache says so with a file at its root, so every later output can say it too.
import { access } from 'node:fs/promises';
import { join } from 'node:path';

/** The file synthetic-cache writes at the root of the cache it builds. */
export const SYNTHETIC_MARKER = 'SYNTHETIC-NOISE-README.txt';

/** True when `hfHubCache` was built by synthetic-cache (random weights: the speech is noise). */
export async function isSyntheticCache(hfHubCache: string): Promise<boolean> {
  return access(join(hfHubCache, SYNTHETIC_MARKER)).then(() => true, () => false);
}
