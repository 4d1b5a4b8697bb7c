// voices: every voice in the exported-voices index has its file, of the recorded size, as valid safetensors.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { firstIssue } from '../src/errors/zod.js';
import { fail, pass, skip } from '../src/preflight/facts/outcomes.js';
import { isValidSafetensors } from '../src/fs/safetensors.js';
import { voiceIndexSchema, type VoiceIndex } from '../src/voices/index-schema.js';
import { defineCheck } from '../src/preflight/facts/types.js';

const REEXPORT = 'pocket-tts-runtime voices export';

/** The `voices` check. */
export const voices = defineCheck({
  id: 'voices',
  title: 'Exported voices',
  needsRuntime: false,
  async run(facts) {
    const dir = facts.options.voicesDir;
    const indexFile = join(dir, 'index.json');
    const text = await readFile(indexFile, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : error));
    if (text === null) return skip(`no exported voices (${indexFile} does not exist)`);
    if (text instanceof Error) return fail(`cannot read ${indexFile}: ${text.message}`, REEXPORT);
    const index = parseIndex(text);
    if (typeof index === 'string') return fail(`${indexFile} is not a valid voice index: ${index}`, REEXPORT, { index: indexFile });
    const entries = Object.entries(index.voices);
    const problems = (await Promise.all(entries.map(async ([name, entry]) => voiceProblem(name, join(dir, entry.file), entry.size)))).filter((p): p is string => p !== null);
    const details = { dir, index: indexFile, voices: entries.map(([name, e]) => ({ name, file: join(dir, e.file), size: e.size })), problems };
    if (problems.length > 0) return fail(`${problems.length} of ${entries.length} exported voices are unusable: ${problems.join('; ')}`, REEXPORT, details);
    return pass(`${entries.length} exported voice${entries.length === 1 ? '' : 's'} in ${dir}, all valid safetensors`, details);
  },
});

function parseIndex(text: string): VoiceIndex | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const parsed = voiceIndexSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = firstIssue(parsed.error);
  return `${issue.path || 'index'}: ${issue.message}`;
}

async function voiceProblem(name: string, file: string, size: number): Promise<string | null> {
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) return `${name} (${file} is missing)`;
  if (info.size !== size) return `${name} (${file} has ${info.size} bytes, the index says ${size})`;
  const check = await isValidSafetensors(file);
  return check.valid ? null : `${name} (${file} is not valid safetensors: ${check.reason})`;
}
