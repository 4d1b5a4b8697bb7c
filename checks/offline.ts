// offline: with HF_HUB_OFFLINE on, every pinned file the language and voices need is already in the cache.
import { stat } from 'node:fs/promises';
import { fetchCommands, hubCachePath, requiredHubFiles, type HubFile } from '../src/hub/files.js';
import { effectiveHfHome, effectiveHubCache, effectiveOffline } from '../src/preflight/facts/effective.js';
import { isTtsError } from '../src/errors/index.js';
import { fail, installedVersion, pass, skip, warn } from '../src/preflight/facts/outcomes.js';
import { defineCheck, type CheckOutcome, type Facts } from '../src/preflight/facts/types.js';

/** The `offline` check. */
export const offline = defineCheck({
  id: 'offline',
  title: 'Offline files',
  needsRuntime: true,
  async run(facts) {
    if (!effectiveOffline(facts)) return skip('online: pocket-tts downloads missing files on first use (check the cache with --offline)');
    const target = { hfHome: effectiveHfHome(facts), hfHubCache: effectiveHubCache(facts) };
    // The installed release's config pins decide the files (4.0.1's english is not 2.1.0's).
    const version = await installedVersion(facts);
    let files: HubFile[];
    try {
      // The gated file is always looked up: when present, pocket-tts loads it instead of the open weights.
      files = requiredHubFiles({ language: facts.options.language, catalogVoices: facts.options.voices, cloning: true, version });
    } catch (error) {
      if (!isTtsError(error)) throw error;
      return fail(error.message, error.hint ?? null, { version });
    }
    const present = await Promise.all(files.map((file) => isFile(hubCachePath(target.hfHubCache, file))));
    return judgeOffline(files.map((file, i) => ({ file, present: present[i] === true })), facts, target);
  },
});

/** One file and whether the cache holds it. */
export interface FilePresence {
  file: HubFile;
  present: boolean;
}

/** The verdict from which files are present (pure: exported for table tests). */
export function judgeOffline(found: readonly FilePresence[], facts: Facts, target: { hfHome: string; hfHubCache: string }): CheckOutcome {
  const gated = found.some((f) => f.file.kind === 'weights-cloning' && f.present);
  const missing = found.filter((f) => !f.present && f.file.required && !(f.file.kind === 'weights' && gated)).map((f) => f.file);
  const gatedMissing = facts.options.cloning && !gated ? found.filter((f) => f.file.kind === 'weights-cloning').map((f) => f.file) : [];
  const details = { hubCache: target.hfHubCache, files: found.map((f) => ({ ...f.file, present: f.present, cachePath: hubCachePath(target.hfHubCache, f.file) })) };
  const required = found.filter((f) => f.file.required).length;
  if (missing.length > 0) {
    const cloning = gatedMissing.length > 0 ? `; for voice cloning also ${gatedMissing.map(describe).join('; ')}` : '';
    const message = `${missing.length} of ${required} required files are missing from ${target.hfHubCache}: ${missing.map(describe).join('; ')}${cloning}`;
    return fail(message, fetchHint(missing, gatedMissing, target), details);
  }
  if (gatedMissing.length > 0) {
    const hint = fetchHint([], gatedMissing, target);
    return warn(`no voice cloning offline: the gated weights are not in the cache (${gatedMissing.map(describe).join('; ')})`, hint, details);
  }
  const voices = facts.options.voices.join(', ');
  return pass(`all files for ${facts.options.language} (voices: ${voices}${gated ? ', voice cloning' : ''}) are in ${target.hfHubCache}`, details);
}

// The gated repo needs a token of an account that accepted its terms; the token itself is never printed.
function fetchHint(open: readonly HubFile[], gated: readonly HubFile[], target: { hfHome: string; hfHubCache: string }): string {
  return [...fetchCommands(open, target), ...fetchCommands(gated, target).map((command) => `HF_TOKEN=<token with access> ${command}`)].join('\n');
}

function describe(file: HubFile): string {
  return `${file.purpose}: ${file.repo}/${file.path}@${file.revision.slice(0, 7)}`;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
