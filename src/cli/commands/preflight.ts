import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { Listr } from 'listr2';
import { TtsError } from '../../errors/index.js';
import { preflight, renderReport, startPreflight, type PreflightOptions, type PreflightRun } from '../../preflight/index.js';
import type { ProjectConfig } from '../../setup/config.js';
import { loadConfig } from '../../setup/load.js';
import { plainOutput } from '../listr.js';
import { printJson } from '../output.js';
import { commonRuntimeOptions, decimal, parseList, positiveInt, runtimeOptions, withoutUndefined, type CommonRuntimeFlags } from './flags.js';

/** The flags preflightOptions() maps (what the command's options parse to). */
interface PreflightFlags extends CommonRuntimeFlags {
  runtime?: string | undefined;
  strict?: true | undefined;
  language?: string | undefined;
  voices?: string[] | undefined;
  voicesDir?: string | undefined;
  cloning?: true | undefined;
  server?: true | undefined;
  workers?: number | undefined;
  ports?: [number, number] | undefined;
  quantize?: true | undefined;
  minFree?: number | undefined;
}

/** `preflight`: prove this machine can speak, or say exactly why not (exit 0 ok, 1 failed, 2 bad usage). */
export function registerPreflight(program: Command): void {
  const command = program
    .command('preflight')
    .description('Check the runtime, PyTorch, caches, offline files, voices, ports, disk and memory; exit 1 on any failure.');
  commonRuntimeOptions(command)
    .option('--runtime <id-or-dir>', 'check this runtime of the home instead of the current one')
    .option('--executable <path>', 'check this existing pocket-tts (system mode)')
    .option('--json', 'print the versioned JSON report (schemaVersion 1) instead of lines')
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--language <name>', 'built-in language whose files the offline check looks for (default english)')
    .option('--voices <names>', 'comma-separated catalog voices to check offline (default: the language\'s default voice)', parseList)
    .option('--voices-dir <dir>', 'exported voices folder with index.json (default .pocket-tts/voices)')
    .option('--cloning', 'voices from audio are configured (needs the gated weights and HF_TOKEN)')
    .option('--server', 'server mode: check the port range and memory for the workers')
    .option('--workers <n>', 'server workers (default 1)', positiveInt)
    .option('--ports <from-to>', 'server port range on 127.0.0.1 (default 8000-<8000+workers-1>)', parsePortRange)
    .option('--quantize', 'workers run quantized (smaller weights; the same memory peak at model load)')
    .option('--min-free <GiB>', 'free space required in the caches (default 1)', parseGiB)
    .action(async (flags) => {
      const { config } = await loadConfig();
      const options = preflightOptions(flags, config);
      if (flags.json === true) {
        const report = await preflight(options);
        printJson(report);
        process.exitCode = report.exitCode;
        return;
      }
      const plain = plainOutput();
      const run = await startPreflight(options);
      if (!plain) await showLive(run);
      const report = await run.report;
      process.stdout.write(`${renderReport(report, { color: !plain }).join('\n')}\n`);
      process.exitCode = report.exitCode;
    });
}

/** Maps CLI flags onto the API's options (validation happens in the API). */
export function preflightOptions(flags: PreflightFlags, config: ProjectConfig = {}): PreflightOptions {
  if (flags.server !== true && (flags.workers !== undefined || flags.ports !== undefined)) {
    throw new TtsError('INVALID_CONFIG', `${flags.workers === undefined ? '--ports' : '--workers'} applies to server mode only`, { field: 'server', hint: 'Add --server.' });
  }
  const workers = flags.workers ?? config.server?.workers ?? 1;
  return {
    ...runtimeOptions(flags, config),
    ...withoutUndefined({ runtime: flags.runtime, language: flags.language ?? config.language, voices: flags.voices, voicesDir: flags.voicesDir ?? config.voices?.dir, minFreeBytes: flags.minFree }),
    ...(flags.server === true ? { server: { workers, portRange: flags.ports ?? [8000, 8000 + workers - 1] } } : {}),
    offline: flags.offline ?? config.offline ?? false,
    strict: flags.strict === true,
    cloning: flags.cloning === true,
    quantize: flags.quantize === true,
  };
}

// The running view in a terminal: every check spins until its verdict is known, then the list is cleared
// and the final lines (fixed order, messages, hints, summary) are printed once. Titles stay short and are
// truncated, not wrapped: wrapping long messages on every frame costs hundreds of ms of string widths.
async function showLive(run: PreflightRun): Promise<void> {
  const list = new Listr(
    run.checks.map((check) => ({
      title: check.title,
      task: async (_: unknown, task: { title: string; skip(message?: string): void }) => {
        const result = await check.result;
        if (result.status === 'skip') task.skip(check.title);
        else task.title = `${check.title}: ${VERDICT[result.status]}`;
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      rendererOptions: { clearOutput: true, collapseSkips: true, formatOutput: 'truncate' },
    },
  );
  await list.run();
}

const VERDICT = { pass: 'ok', warn: 'warning', fail: 'failed', skip: 'skipped' } as const;

function parsePortRange(value: string): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('expected FROM-TO, e.g. 8000-8003');
  const from = Number(match[1]);
  return [from, match[2] === undefined ? from : Number(match[2])];
}

function parseGiB(value: string): number {
  const gib = decimal(value, 'a number of GiB >= 0 (decimal)', (n) => n >= 0);
  return Math.round(gib * 1024 ** 3);
}
