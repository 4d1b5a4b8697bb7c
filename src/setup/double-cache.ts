// The air-gapped flow rehearsed with the contract double (`setup --engine double --offline`). The double
// behaves like pocket-tts offline: it looks for the pinned files in the HF cache and fails without them.
// It reads none of their content, so setup gives it stand-ins, in a cache of its own under the home: a
// cache the user named (or one real pocket-tts shares) is never written, since stand-ins found there
// would later pass for real files.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hubCachePath, requiredHubFiles } from '../hub/index.js';
import { releaseFor } from '../pocket-tts/index.js';
import { nonEmpty } from '../config/home.js';
import type { ProjectConfig } from './config.js';

/** A note left in the stand-in cache, saying what it is. */
export const DOUBLE_CACHE_NOTE = 'CONTRACT-DOUBLE-STAND-INS-README.txt';

/** The double's own HF_HOME for an offline rehearsal, or null when the user chose a cache (or it is not one). */
export function doubleCacheHome(config: ProjectConfig, home: string, env: NodeJS.ProcessEnv): string | null {
  if (config.engine !== 'double' || config.offline !== true) return null;
  const named = config.hfHome ?? config.hfHubCache ?? nonEmpty(env.HF_HOME) ?? nonEmpty(env.HF_HUB_CACHE);
  return named === undefined ? join(home, 'double-hf') : null;
}

/** Writes the stand-ins the double looks for offline (every catalog voice, cloning weights); returns how many were new. */
export async function writeDoubleStandIns(hfHome: string, language: string, version: string): Promise<number> {
  const hubCache = join(hfHome, 'hub');
  const files = requiredHubFiles({ language, catalogVoices: releaseFor(version).catalogVoices, cloning: true, version });
  let written = 0;
  for (const file of files) {
    const path = hubCachePath(hubCache, file);
    if ((await stat(path).catch(() => null)) !== null) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `stand-in for ${file.repo}/${file.path}: the contract double reads no model data\n`);
    written += 1;
  }
  await writeFile(join(hfHome, DOUBLE_CACHE_NOTE), 'Stand-in files for the contract double (setup --engine double --offline). Not model data: never use this cache with the real pocket-tts.\n');
  return written;
}
