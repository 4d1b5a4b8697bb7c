// Reading and writing `<voicesDir>/index.json`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { firstIssue } from '../errors/zod.js';
import { writeFileAtomic } from '../fs/write-atomic.js';
import { voiceIndexSchema, type VoiceIndex } from './index-schema.js';
import { INDEX_FILE } from './paths.js';

/** What is at a voices folder's index: nothing, something unusable (with why), or a valid index. */
export type IndexRead = { kind: 'missing'; file: string } | { kind: 'invalid'; file: string; reason: string } | { kind: 'ok'; file: string; index: VoiceIndex };

/** Reads and validates the index of a voices folder; never throws. */
export async function readVoiceIndex(dir: string): Promise<IndexRead> {
  const file = join(dir, INDEX_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing', file };
    return { kind: 'invalid', file, reason: (error as Error).message };
  }
  try {
    const parsed = voiceIndexSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'ok', file, index: parsed.data };
    const issue = firstIssue(parsed.error);
    return { kind: 'invalid', file, reason: `${issue.path || 'index'}: ${issue.message}` };
  } catch (error) {
    return { kind: 'invalid', file, reason: `not JSON (${(error as Error).message})` };
  }
}

/** Writes the index atomically (temp file + rename), voices sorted by name for stable diffs. */
export async function writeVoiceIndex(dir: string, index: VoiceIndex): Promise<void> {
  const voices = Object.fromEntries(Object.entries(index.voices).sort(([a], [b]) => a.localeCompare(b)));
  await writeFileAtomic(join(dir, INDEX_FILE), `${JSON.stringify({ schemaVersion: 1, voices }, null, 2)}\n`);
}
