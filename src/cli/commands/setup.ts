import { Option, type Command } from '@commander-js/extra-typings';
import { isTtsError } from '../../errors/index.js';
import { setup, setupReport, setupSteps, type SetupReport } from '../../setup/setup.js';
import type { SetupOptions } from '../../setup/options.js';
import { runStepsWithListr } from '../listr.js';
import { exitCodeFor, printJson } from '../output.js';
import { torchFlagOptions, torchOptions, type TorchFlags } from './flags.js';

interface SetupFlags extends Pick<SetupOptions, 'home' | 'engine' | 'offline' | 'wheelhouse' | 'hfHome' | 'hfHubCache' | 'config' | 'pocketTtsVersion'>, TorchFlags {
  smoke: boolean;
  json?: boolean;
}

/** `setup`: the main job (provision, voices, preflight, smoke test); exit 0 only when the machine can speak. */
export function registerSetup(program: Command): void {
  const command = program
    .command('setup')
    .description('The main job: provision the runtime, export the voices, preflight, and speak a test sentence. Idempotent.');
  torchOptions(command
    .option('--home <dir>', 'home folder (default: $POCKET_TTS_RUNTIME_HOME or the platform data folder)')
    .addOption(new Option('--engine <engine>', 'real: pocket-tts from the package index (default); double: the contract double (synthetic speech, no index needed)').choices(['real', 'double'] as const))
    .option('--offline', 'air-gapped: install only from --wheelhouse, run pocket-tts with HF_HUB_OFFLINE=1 (cache only)')
    .option('--wheelhouse <dir>', 'install from this folder of wheels (no package index)')
    .option('--pocket-tts-version <version>', 'pocket-tts version to install (default: the pin in RUNTIME.md)')
    .option('--hf-home <dir>', 'HF_HOME for pocket-tts (a prefetched cache for --offline)')
    .option('--hf-hub-cache <dir>', 'HF_HUB_CACHE (default: <hf-home>/hub)')
    .option('--config <file>', 'configuration file (default: pocket-tts-runtime.config.json, looked up from the working directory)'))
    .option('--no-smoke', 'skip the test sentence')
    .option('--json', 'print the summary as JSON (no progress view)')
    .action(async (flags: SetupFlags) => {
      const options = setupOptions(flags);
      if (flags.json === true) return runJson(options);
      const { steps, state } = await setupSteps(options);
      await runStepsWithListr(steps, state);
      printSummary(setupReport(state));
    });
}

function setupOptions(flags: SetupFlags): SetupOptions {
  return {
    ...(flags.home === undefined ? {} : { home: flags.home }),
    ...(flags.engine === undefined ? {} : { engine: flags.engine }),
    ...(flags.offline === true ? { offline: true } : {}),
    ...(flags.wheelhouse === undefined ? {} : { wheelhouse: flags.wheelhouse }),
    ...(flags.hfHome === undefined ? {} : { hfHome: flags.hfHome }),
    ...(flags.hfHubCache === undefined ? {} : { hfHubCache: flags.hfHubCache }),
    ...(flags.config === undefined ? {} : { config: flags.config }),
    ...(flags.pocketTtsVersion === undefined ? {} : { pocketTtsVersion: flags.pocketTtsVersion }),
    ...torchFlagOptions(flags),
    smoke: flags.smoke,
  };
}

// --json: one document on stdout whether it worked or not; the exit code says which.
async function runJson(options: SetupOptions): Promise<void> {
  try {
    printJson(await setup(options));
  } catch (error) {
    printJson({ ok: false, error: isTtsError(error) ? error.toJSON() : { message: String(error) } });
    process.exitCode = exitCodeFor(error);
  }
}

function printSummary(report: SetupReport): void {
  const lines = [
    !report.ok ? 'Setup finished, but the machine cannot speak yet.' : report.smoke === null ? 'Setup finished; no test sentence (--no-smoke), so speech was not tried.' : 'This machine can speak.',
    report.syntheticCache
      ? 'Engine: pocket-tts on a SYNTHETIC cache of random weights (synthetic-cache): the speech is NOISE, not words.'
      : report.synthetic
        ? 'Engine: the contract double: the speech is SYNTHETIC (shaped noise, not words). Use --engine real for pocket-tts.'
        : 'Engine: pocket-tts.',
    report.reused.length > 0 ? `Reused: ${report.reused.join(', ')}.` : 'Nothing was reused: everything was set up now.',
    ...(report.smoke === null ? [] : [`Test sentence: ${report.smoke.file}`]),
    `Took ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!report.ok) process.exitCode = 1;
}
