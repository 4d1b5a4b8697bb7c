// The one-model-load path: `export_voices.py` run with the runtime's Python, fed jobs, read as JSON events.
import { createInterface } from 'node:readline';
import { assetPath } from '../assets.js';
import { exitAbortWarning } from '../events/exit-abort.js';
import { isExitAbort, lastException, type LineRing } from '../process/index.js';
import { voiceFailure } from './failure.js';
import { parseHelperEvent, type HelperEvent } from './helper-events.js';
import type { ExportSession } from './session.js';
import type { VoiceJob } from './source.js';
import { neverStarted } from '../process/index.js';
import { spawnWatched } from './spawn.js';

/** Done (every job reported), or not usable here: the jobs it did not attempt go to the CLI fallback. */
export type HelperOutcome = { supported: true } | { supported: false; reason: string; remaining: VoiceJob[] };

const IMPORT_ERROR = /^(?:ImportError|ModuleNotFoundError)$/;

/** Exports `jobs` (grouped by language/config) with one helper process: one model load per group. */
export async function runHelper(jobs: readonly VoiceJob[], session: ExportSession): Promise<HelperOutcome> {
  const python = session.runtime.python;
  if (python === null) return { supported: false, reason: "the runtime's Python is unknown", remaining: [...jobs] };
  const state = new HelperState(jobs, session);
  const proc = spawnWatched(python, [assetPath('src', 'python', 'export_voices.py')], session, 'pipe', () => state.current);
  // stdin stays open: the helper exits as soon as it closes (this process died or gave up).
  proc.child.stdin.on('error', () => undefined);
  proc.child.stdin.write(`${JSON.stringify({ jobs: jobs.map((job) => helperJob(job, session)) })}\n`);
  for await (const line of createInterface({ input: proc.child.stdout, crlfDelay: Infinity })) {
    const event = parseHelperEvent(line);
    if (event !== null) await state.handle(event, proc.ring);
  }
  const result = await proc.finish();
  proc.child.stdin.destroy();
  // After its last report the helper's exit says nothing about the voices; an exit abort there is absorbed.
  if (state.pending.size === 0 && isExitAbort({ exitCode: result.exitCode, signal: result.signal, lines: proc.ring.lines() })) {
    session.emit({ type: 'warning', warning: exitAbortWarning('voice-helper', null) });
  }
  const reason = state.unsupported ?? (state.sawJob ? null : cannotRun(result, proc.ring.lines()));
  if (reason !== null) return { supported: false, reason, remaining: [...state.pending.values()] };
  if (session.signal?.aborted !== true) {
    for (const job of state.pending.values()) await session.failed(job, voiceFailure(job, { exitCode: result.exitCode, signal: result.signal, lines: proc.ring.lines(), ring: proc.ring }));
  }
  return { supported: true };
}

function helperJob(job: VoiceJob, session: ExportSession): Record<string, string | null> {
  return { name: job.name, source: job.input, out: session.tempFor(job), language: job.language ?? null, config: job.config ?? null };
}

// Why the helper could not run at all: not started, or died of an ImportError before its first job.
function cannotRun(result: { failed: boolean; exitCode?: number; signal?: string; shortMessage?: string }, lines: readonly string[]): string | null {
  if (neverStarted(result)) return `the runtime's Python could not be started (${result.shortMessage ?? 'unknown error'})`;
  const exception = lastException(lines);
  if (exception !== null && IMPORT_ERROR.test(exception.type)) return `pocket-tts's Python API is not importable (${exception.line})`;
  return null;
}

/** The helper's progress as its events arrive. */
class HelperState {
  readonly pending: Map<string, VoiceJob>;
  current: string | null = null;
  unsupported: string | null = null;
  sawJob = false;

  constructor(
    jobs: readonly VoiceJob[],
    readonly session: ExportSession,
  ) {
    this.pending = new Map(jobs.map((job) => [job.name, job]));
  }

  async handle(event: HelperEvent, ring: LineRing): Promise<void> {
    const { session } = this;
    switch (event.event) {
      case 'loading':
        return session.emit({ type: 'model-loading', language: event.language, config: event.config });
      case 'loaded':
        session.modelLoads += 1;
        return session.emit({ type: 'model-loaded', language: event.language, config: event.config, ms: event.ms });
      case 'started':
        this.sawJob = true;
        this.current = event.name;
        return session.emit({ type: 'voice-start', name: event.name });
      case 'exported':
        return this.#settle(event.name, (job) => session.exported(job, session.tempFor(job), event.ms));
      case 'failed':
        return this.#settle(event.name, (job) => session.failed(job, voiceFailure(job, { exitCode: 1, signal: null, lines: event.error.split('\n'), ring })));
      case 'unsupported':
        this.unsupported = `pocket-tts's Python API is not importable (${event.error})`;
        return;
      case 'done':
        return;
    }
  }

  async #settle(name: string, settle: (job: VoiceJob) => Promise<void>): Promise<void> {
    const job = this.pending.get(name);
    if (job === undefined) return;
    this.pending.delete(name);
    await settle(job);
  }
}
