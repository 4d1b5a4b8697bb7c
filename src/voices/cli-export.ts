// The fallback path: one `pocket-tts export-voice` per voice (each loads the model: ~10 s apiece upstream).
import { statSync } from 'node:fs';
import { exitAbortWarning } from '../events/exit-abort.js';
import { voiceFailure } from './failure.js';
import type { ExportSession } from './session.js';
import type { VoiceJob } from './source.js';
import { judgeExit, neverStarted, startFailure } from '../process/index.js';
import { spawnWatched } from './spawn.js';

/** `export-voice SOURCE OUT [--language L | --config C]`. */
export function exportVoiceArgs(job: VoiceJob, out: string): string[] {
  const model = job.config === undefined ? ['--language', job.language ?? 'english'] : ['--config', job.config];
  return ['export-voice', job.input, out, ...model];
}

/** Exports jobs one after the other (each process takes a core and a model's memory); stops on abort. */
export async function runCliExports(jobs: readonly VoiceJob[], session: ExportSession): Promise<void> {
  for (const job of jobs) {
    if (session.signal?.aborted === true) return;
    await exportOne(job, session);
  }
}

async function exportOne(job: VoiceJob, session: ExportSession): Promise<void> {
  session.emit({ type: 'voice-start', name: job.name });
  const temp = session.tempFor(job);
  const started = performance.now();
  const proc = spawnWatched(session.runtime.pocketTts, exportVoiceArgs(job, temp), session, 'ignore', () => job.name);
  proc.child.stdout.resume();
  const result = await proc.finish();
  if (session.signal?.aborted === true) return;
  // A file that exists is the evidence for the exit-abort rule; session.exported() then checks it whole.
  const verdict = judgeExit({ exitCode: result.exitCode, signal: result.signal, lines: proc.ring.lines() }, () => (statSync(temp, { throwIfNoEntry: false })?.size ?? 0) > 0);
  if (verdict === 'absorbed') session.emit({ type: 'warning', warning: exitAbortWarning('export-voice', job.name) });
  if (verdict !== 'failed') return session.exported(job, temp, performance.now() - started);
  if (neverStarted(result)) return session.failed(job, startFailure(session.runtime.pocketTts.file, result));
  return session.failed(job, voiceFailure(job, { exitCode: result.exitCode, signal: result.signal, lines: proc.ring.lines(), ring: proc.ring }));
}
