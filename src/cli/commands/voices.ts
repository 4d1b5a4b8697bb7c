import type { Command } from '@commander-js/extra-typings';
import { Listr } from 'listr2';
import { exportVoices, voiceEventLine, type ExportVoicesOptions, type ExportVoicesResult, type VoiceExportEvent, type VoiceExportReport } from '../../voices/index.js';
import type { ProjectConfig } from '../../setup/config.js';
import { loadConfig } from '../../setup/load.js';
import { listrOptions } from '../listr.js';
import { printJson } from '../output.js';
import { commonRuntimeOptions, runtimeOptions, type CommonRuntimeFlags } from './flags.js';
import { DOUBLE_NOTICE, isContractDouble } from '../../pocket-tts/index.js';

/** The flags exportOptions() maps (what the command's options parse to). */
interface VoicesExportFlags extends CommonRuntimeFlags {
  manifest?: string | undefined;
  out?: string | undefined;
  allowRemoteVoices?: true | undefined;
  force?: true | undefined;
  cli?: true | undefined;
}

/** `voices export`: export the manifest's voices (one model load), skipping up-to-date ones. */
export function registerVoices(program: Command): void {
  const voices = program.command('voices').description('Voices declared in voices.json, exported once to .safetensors, used by name.');
  const command = voices
    .command('export')
    .description('Export every new or changed voice of the manifest with one model load; up-to-date voices are cache hits. Exits 1 if any voice failed.');
  commonRuntimeOptions(command)
    .option('--manifest <file>', 'voices manifest (default: voices.json in the working directory)')
    .option('--out <dir>', 'output folder (default: .pocket-tts/voices beside the manifest)')
    .option('--executable <path>', 'use this pocket-tts directly (no provisioned runtime needed)')
    .option('--allow-remote-voices', 'accept http(s):// and hf:// sources')
    .option('--force', 're-export every voice, even up-to-date ones')
    .option('--cli', 'one `pocket-tts export-voice` per voice instead of the one-model-load helper')
    .option('--json', 'print the report as JSON (no progress view)')
    .action(async (flags) => {
      const { config } = await loadConfig();
      const options = exportOptions(flags, config);
      const result = flags.json === true ? await exportVoices(options) : await exportWithListr(options);
      if (flags.json === true) printJson(result);
      else printSummary(result);
      if (result.failed > 0) process.exitCode = 1;
    });
}

/** Maps CLI flags onto exportVoices() options (validation happens in the API). */
export function exportOptions(flags: VoicesExportFlags, config: ProjectConfig = {}): ExportVoicesOptions {
  const manifest = flags.manifest ?? config.voices?.manifest;
  const out = flags.out ?? config.voices?.dir;
  return {
    runtime: runtimeOptions(flags, config),
    ...(manifest === undefined ? {} : { manifest }),
    ...(out === undefined ? {} : { out }),
    allowRemoteVoices: flags.allowRemoteVoices === true,
    force: flags.force === true,
    method: flags.cli === true ? 'cli' : 'auto',
  };
}

// One listr line per voice, in export order; each task waits for its voice's report from the running export.
async function exportWithListr(options: ExportVoicesOptions): Promise<ExportVoicesResult> {
  const view = new ListrView();
  try {
    return await exportVoices({ ...options, onEvent: (event) => view.on(event) });
  } catch (error) {
    view.abandon(error);
    throw error;
  } finally {
    await view.done();
  }
}

class ListrView {
  readonly #reports = new Map<string, Deferred<VoiceExportReport>>();
  readonly #outputs = new Map<string, (line: string) => void>();
  #current: string | null = null;
  #run: Promise<unknown> = Promise.resolve();

  on(event: VoiceExportEvent): void {
    if (event.type === 'plan') this.#start(event.voices);
    else if (event.type === 'voice-start') this.#current = event.name;
    else if (event.type === 'voice-done') this.#reports.get(event.report.name)?.resolve(event.report);
    else if (event.type === 'model-loading' || event.type === 'model-loaded' || event.type === 'method') {
      const line = voiceEventLine(event);
      if (line !== null) this.#say(line);
    }
  }

  abandon(error: unknown): void {
    for (const deferred of this.#reports.values()) deferred.reject(error);
  }

  async done(): Promise<void> {
    await this.#run;
  }

  #say(line: string): void {
    if (this.#current !== null) this.#outputs.get(this.#current)?.(line);
  }

  #start(voices: Extract<VoiceExportEvent, { type: 'plan' }>['voices']): void {
    for (const voice of voices) this.#reports.set(voice.name, deferred());
    const list = new Listr(
      voices.map((voice) => ({
        title: voice.name,
        skip: () => (voice.action === 'cached' ? `${voice.name}: cached (up to date)` : false),
        task: async (_: unknown, task: { output: string; title: string }) => {
          this.#outputs.set(voice.name, (line) => {
            task.output = line;
          });
          task.output = voice.reason;
          const report = await (this.#reports.get(voice.name)?.promise ?? Promise.reject(new Error('unplanned voice')));
          if (report.status === 'failed') throw new Error(errorLine(report));
          task.title = `${voice.name}: ${report.status} (${voice.reason}${report.durationMs === null ? '' : `, ${(report.durationMs / 1000).toFixed(1)} s`})`;
        },
      })),
      listrOptions({ exitOnError: false }),
    );
    // Failed voices are reported in the summary; the list itself never rejects (exitOnError: false).
    this.#run = list.run().catch(() => undefined);
  }
}

function printSummary(result: ExportVoicesResult): void {
  const how = result.method === 'helper' ? `helper, ${result.modelLoads} model load${result.modelLoads === 1 ? '' : 's'}` : result.method;
  const lines = [
    `voices: ${result.exported} exported, ${result.cached} cached, ${result.failed} failed in ${(result.durationMs / 1000).toFixed(1)} s (${how}) -> ${result.index}`,
    ...(result.fallbackReason === null ? [] : [`  fallback: ${result.fallbackReason}`]),
    ...(result.removed.length === 0 ? [] : [`  removed (no longer in the manifest): ${result.removed.join(', ')}`]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (isContractDouble(result.pocketTtsVersion)) process.stderr.write(`note: ${DOUBLE_NOTICE} (these voice states hold no real voice)\n`);
  const failed = result.voices.filter((v) => v.status === 'failed');
  if (failed.length > 0) process.stderr.write(`failed voices:\n${failed.map((v) => `  ${v.name}: ${errorLine(v)}`).join('\n')}\n`);
}

function errorLine(report: VoiceExportReport): string {
  return `${report.error?.code ?? 'FAILED'}: ${report.error?.message ?? 'unknown error'}`;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A voice never awaited (the list stopped) must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
