// exportVoices(): plan against the index, export what changed (helper, else export-voice), report per voice.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stopReason } from '../errors/termination.js';
import { acquireLock } from '../runtime/lock.js';
import { runtimeFrom } from '../runtime/option.js';
import type { Runtime } from '../runtime/types.js';
import { runCliExports } from './cli-export.js';
import { runHelper } from './helper.js';
import type { VoiceIndexEntry } from './index-schema.js';
import { readVoiceIndex, writeVoiceIndex } from './index-file.js';
import { loadManifest, type VoicesManifest } from './manifest.js';
import { DEFAULT_MANIFEST, INDEX_FILE, defaultVoicesDir, lockFile, partialDir, voiceFileName } from './paths.js';
import { planVoice, type PlannedVoice } from './plan.js';
import { ExportSession, voiceReport } from './session.js';
import { prepareVoice, type VoiceJob } from './source.js';
import type { ExportVoicesOptions, ExportVoicesResult, VoiceExportMethod } from './types.js';

/**
 * Exports every voice of the manifest that is new or whose source, pocket-tts version or language/config
 * changed (or whose output is missing or corrupt) into the voices folder, with ONE model load for the batch.
 * Up-to-date voices are `cached`. A failed voice does not stop the batch and does not throw: see `failed`.
 * Throws INVALID_CONFIG for a bad manifest, LOCK_TIMEOUT when another export holds the folder, ABORTED on abort.
 */
export async function exportVoices(options: ExportVoicesOptions = {}): Promise<ExportVoicesResult> {
  const started = performance.now();
  const manifest = await loadManifest(options.manifest ?? DEFAULT_MANIFEST);
  const out = resolve(options.out ?? defaultVoicesDir(manifest.file));
  const runtime = await runtimeFrom(options.runtime);
  await mkdir(out, { recursive: true });
  const release = await acquireLock(lockFile(out), { purpose: 'voices export', timeoutMs: options.lockTimeoutMs ?? 600_000, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  try {
    // Under the lock, any unfinished output is debris of a killed run.
    await clearPartials(out);
    await mkdir(partialDir(out), { recursive: true });
    return await exportLocked(manifest, out, runtime, options, started);
  } finally {
    await clearPartials(out).catch(() => undefined);
    await release();
  }
}

async function exportLocked(manifest: VoicesManifest, out: string, runtime: Runtime, options: ExportVoicesOptions, started: number): Promise<ExportVoicesResult> {
  const emit = options.onEvent ?? (() => undefined);
  const read = await readVoiceIndex(out);
  const entries: Record<string, VoiceIndexEntry> = read.kind === 'ok' ? { ...read.index.voices } : {};
  const planned = await plan(manifest, out, runtime, entries, options, read.kind === 'invalid' ? read.reason : null);
  emit({ type: 'plan', voices: planned.map((p) => ({ name: p.name, action: p.action, reason: p.reason })) });
  const removed = await dropRemoved(out, entries, new Set(manifest.voices.map((v) => v.name)));
  if (read.kind !== 'ok' || removed.length > 0) await writeVoiceIndex(out, { schemaVersion: 1, voices: entries });
  const session = new ExportSession(out, runtime, entries, emit, options.signal, new Map(planned.map((p) => [p.name, p.reason])));
  for (const p of planned) await settleWithoutExport(p, session, out);
  const jobs = planned.flatMap((p) => (p.action === 'export' ? [p.job] : []));
  const { method, reason } = await runExports(jobs, session, options.method ?? 'auto');
  throwIfAborted(options.signal);
  const voices = manifest.voices.flatMap((v) => session.reports.get(v.name) ?? []);
  const count = (status: string): number => voices.filter((v) => v.status === status).length;
  return {
    manifest: manifest.file,
    out,
    index: join(out, INDEX_FILE),
    method,
    fallbackReason: reason,
    pocketTtsVersion: runtime.versions.pocketTts,
    exported: count('exported'),
    cached: count('cached'),
    failed: count('failed'),
    removed,
    modelLoads: session.modelLoads,
    durationMs: Math.round(performance.now() - started),
    voices,
  };
}

// Prepared and planned in parallel (hashing), then grouped by model so the helper loads each model once.
async function plan(manifest: VoicesManifest, out: string, runtime: Runtime, entries: Record<string, VoiceIndexEntry>, options: ExportVoicesOptions, indexProblem: string | null): Promise<PlannedVoice[]> {
  const allowRemote = options.allowRemoteVoices ?? false;
  const ctx = { dir: out, entries, pocketTtsVersion: runtime.versions.pocketTts, force: options.force ?? false, indexProblem };
  const planned = await Promise.all(manifest.voices.map(async (voice) => planVoice(await prepareVoice(voice, manifest.dir, allowRemote), ctx)));
  return groupByModel(planned);
}

function groupByModel(planned: PlannedVoice[]): PlannedVoice[] {
  const key = (p: PlannedVoice): string => (p.action === 'failed' ? '' : `${p.job.language ?? ''}\0${p.job.config ?? ''}`);
  const order = new Map<string, number>();
  for (const p of planned) if (!order.has(key(p))) order.set(key(p), order.size);
  return planned
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (order.get(key(a.p)) ?? 0) - (order.get(key(b.p)) ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

async function settleWithoutExport(p: PlannedVoice, session: ExportSession, out: string): Promise<void> {
  if (p.action === 'failed') return session.failed({ name: p.name, source: p.voice.source, language: p.voice.language }, p.error);
  if (p.action !== 'cached') return;
  const output = { file: join(out, p.previous.file), sha256: p.previous.sha256 ?? null, size: p.previous.size };
  session.report(voiceReport(p.job, 'cached', output, session.reasons, null));
}

async function runExports(jobs: VoiceJob[], session: ExportSession, method: 'auto' | 'cli'): Promise<{ method: VoiceExportMethod; reason: string | null }> {
  if (jobs.length === 0) return { method: 'none', reason: null };
  if (method === 'cli') {
    session.emit({ type: 'method', method: 'cli', reason: null });
    await runCliExports(jobs, session);
    return { method: 'cli', reason: null };
  }
  session.emit({ type: 'method', method: 'helper', reason: null });
  const outcome = await runHelper(jobs, session);
  if (outcome.supported) return { method: 'helper', reason: null };
  session.emit({ type: 'method', method: 'cli-fallback', reason: outcome.reason });
  await runCliExports(outcome.remaining, session);
  return { method: 'cli-fallback', reason: outcome.reason };
}

// Voices no longer in the manifest leave the index, and their files (only ours: `<name>.safetensors`) go too.
async function dropRemoved(out: string, entries: Record<string, VoiceIndexEntry>, names: ReadonlySet<string>): Promise<string[]> {
  const removed = Object.keys(entries).filter((name) => !names.has(name));
  for (const name of removed) {
    const file = entries[name]?.file;
    delete entries[name];
    if (file === voiceFileName(name)) await rm(join(out, file), { force: true });
  }
  return removed;
}

async function clearPartials(out: string): Promise<void> {
  await rm(partialDir(out), { recursive: true, force: true });
  const debris = (await readdir(out).catch(() => [])).filter((name) => /^index\.json\.\d+\.tmp$/.test(name));
  await Promise.all(debris.map((name) => rm(join(out, name), { force: true })));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted !== true) return;
  throw stopReason(signal, 'the voice export was aborted; finished voices stay exported');
}
