// Which voices need exporting: the cache key (source, pocket-tts version, language/config) and the output file.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TtsError } from '../errors/index.js';
import { releaseFor } from '../pocket-tts/index.js';
import { sha256File } from './hash.js';
import type { VoiceIndexEntry } from './index-schema.js';
import type { ManifestVoice } from './manifest.js';
import { voiceFileName } from './paths.js';
import type { PreparedVoice, VoiceJob } from './source.js';

/** A voice's fate before anything runs. */
export type PlannedVoice =
  | { action: 'export'; name: string; reason: string; job: VoiceJob; previous: VoiceIndexEntry | undefined }
  | { action: 'cached'; name: string; reason: string; job: VoiceJob; previous: VoiceIndexEntry }
  | { action: 'failed'; name: string; reason: string; voice: ManifestVoice; error: TtsError; previous: VoiceIndexEntry | undefined };

/** What the plan compares against. */
export interface PlanContext {
  dir: string;
  entries: Readonly<Record<string, VoiceIndexEntry>>;
  pocketTtsVersion: string;
  force: boolean;
  /** Why the existing index could not be used, if it could not. */
  indexProblem: string | null;
}

/** Plans one prepared voice: cached when its key and output match the index, else exported with the reason. */
export async function planVoice(prepared: PreparedVoice, ctx: PlanContext): Promise<PlannedVoice> {
  if (!prepared.ok) {
    const name = prepared.voice.name;
    return { action: 'failed', name, reason: prepared.error.shortMessage, voice: prepared.voice, error: prepared.error, previous: ctx.entries[name] };
  }
  const { job } = prepared;
  const previous = ctx.entries[job.name];
  const reason = ctx.force ? 'forced' : await staleReason(job, previous, ctx);
  if (reason === null && previous !== undefined) return { action: 'cached', name: job.name, reason: 'up to date', job, previous };
  return { action: 'export', name: job.name, reason: reason ?? 'new voice', job, previous };
}

async function staleReason(job: VoiceJob, entry: VoiceIndexEntry | undefined, ctx: PlanContext): Promise<string | null> {
  if (entry === undefined) return ctx.indexProblem === null ? 'new voice' : `index unusable (${ctx.indexProblem})`;
  if (entry.sourceSha256 !== job.sourceSha256) return 'source changed';
  if (entry.pocketTtsVersion !== ctx.pocketTtsVersion) return releaseChanged(entry.pocketTtsVersion, ctx.pocketTtsVersion);
  if (entry.language !== job.language) return `language changed (${entry.language ?? 'none'} → ${job.language ?? 'none'})`;
  if (entry.config !== job.config || entry.configSha256 !== job.configSha256) return 'config changed';
  if (entry.file !== voiceFileName(job.name)) return 'output file renamed';
  return outputProblem(join(ctx.dir, entry.file), entry);
}

// Every release re-exports: a state is the KV cache of the model that made it (each release pins other weights,
// and 4.x trims the prompt's trailing silence), even where the file format is the same (FINDINGS §3.6). The
// reason says whether the voice-state format changed too (2.1.0's 12 tensors vs 3.3.0+'s 18, with `/pad`).
function releaseChanged(was: string | undefined, now: string): string {
  const format = was === undefined ? null : [releaseFor(was).voiceStateFormat, releaseFor(now).voiceStateFormat];
  const formats = format === null ? 'format unknown' : format[0] === format[1] ? `same voice-state format ${format[0]}, other model` : `voice-state format ${format[0]} → ${format[1]}`;
  return `pocket-tts changed (${was ?? 'unknown'} → ${now}; ${formats})`;
}

// The output must be there, of the recorded size and hash: a truncated or edited file is re-exported.
async function outputProblem(file: string, entry: VoiceIndexEntry): Promise<string | null> {
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) return 'output missing';
  if (info.size !== entry.size || entry.sha256 === undefined) return 'output changed or corrupt';
  return (await sha256File(file)) === entry.sha256 ? null : 'output changed or corrupt';
}
