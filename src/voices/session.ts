// Where export results land: outputs checked and renamed into place, the index updated after each voice.
import { chmod, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TtsError } from '../errors/index.js';
import { isValidSafetensors } from '../fs/safetensors.js';
import type { Runtime } from '../runtime/types.js';
import { sha256File } from './hash.js';
import type { VoiceIndexEntry } from './index-schema.js';
import { writeVoiceIndex } from './index-file.js';
import { partialFile, voiceFileName } from './paths.js';
import type { VoiceJob } from './source.js';
import type { VoiceExportError, VoiceExportEvent, VoiceExportReport } from './types.js';

/** One export run's shared state: the helper and the CLI fallback report into it. */
export class ExportSession {
  readonly reports = new Map<string, VoiceExportReport>();
  modelLoads = 0;
  readonly #entries: Record<string, VoiceIndexEntry>;

  constructor(
    readonly dir: string,
    readonly runtime: Runtime,
    entries: Record<string, VoiceIndexEntry>,
    readonly emit: (event: VoiceExportEvent) => void,
    readonly signal: AbortSignal | undefined,
    readonly reasons: ReadonlyMap<string, string>,
  ) {
    this.#entries = entries;
  }

  /** The temp output of a voice (inside `.partial/`). */
  tempFor(job: VoiceJob): string {
    return partialFile(this.dir, job.name);
  }

  /** Checks a finished temp output, renames it into place and records it in the index. */
  async exported(job: VoiceJob, temp: string, ms: number): Promise<void> {
    const check = await isValidSafetensors(temp);
    if (!check.valid) return this.failed(job, new TtsError('INVALID_OUTPUT', `voice "${job.name}": the exported state is not valid safetensors (${check.reason})`));
    const sha256 = await sha256File(temp);
    const file = join(this.dir, voiceFileName(job.name));
    // Readable by every user, like the index: safetensors 0.8 writes 0600, and the service that reads the
    // voices often runs as another user than the export (a container build, a shared voices volume).
    await chmod(temp, 0o644);
    await rename(temp, file);
    this.#entries[job.name] = entryFor(job, this.runtime.versions.pocketTts, sha256, check.size);
    await writeVoiceIndex(this.dir, { schemaVersion: 1, voices: this.#entries });
    this.report(voiceReport(job, 'exported', { file, sha256, size: check.size }, this.reasons, Math.round(ms)));
  }

  /** Records a failed voice; its previous export (if any) stays in place and in the index. */
  async failed(job: Pick<VoiceJob, 'name' | 'source' | 'language'>, error: TtsError): Promise<void> {
    await rm(partialFile(this.dir, job.name), { force: true });
    const previous = this.#entries[job.name];
    const output = { file: previous === undefined ? null : join(this.dir, previous.file), sha256: previous?.sha256 ?? null, size: previous?.size ?? null };
    this.report({ ...voiceReport(job, 'failed', output, this.reasons, null), error: errorData(error) });
  }

  /** Adds a report and announces it. */
  report(report: VoiceExportReport): void {
    this.reports.set(report.name, report);
    this.emit({ type: 'voice-done', report });
  }
}

function entryFor(job: VoiceJob, version: string, sha256: string, size: number): VoiceIndexEntry {
  return {
    file: voiceFileName(job.name),
    source: job.source,
    sourceSha256: job.sourceSha256,
    pocketTtsVersion: version,
    ...(job.language === undefined ? {} : { language: job.language }),
    ...(job.config === undefined ? {} : { config: job.config, configSha256: job.configSha256 }),
    sha256,
    size,
    exportedAt: new Date().toISOString(),
  };
}

/** A report with its fields in a fixed order (the `--json` shape). */
export function voiceReport(
  job: Pick<VoiceJob, 'name' | 'source' | 'language'>,
  status: VoiceExportReport['status'],
  output: Pick<VoiceExportReport, 'file' | 'sha256' | 'size'>,
  reasons: ReadonlyMap<string, string>,
  durationMs: number | null,
): VoiceExportReport {
  return { name: job.name, status, ...output, source: job.source, language: job.language ?? null, reason: reasons.get(job.name) ?? '', durationMs };
}

function errorData(error: TtsError): VoiceExportError {
  return {
    code: error.code,
    message: error.shortMessage,
    hint: error.hint,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.exitCode === undefined ? {} : { exitCode: error.exitCode }),
    ...(error.signal === undefined ? {} : { signal: error.signal }),
    ...(error.stderr === undefined || error.stderr === '' ? {} : { stderr: error.stderr }),
  };
}
