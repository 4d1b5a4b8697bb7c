import { Option, type Command } from '@commander-js/extra-typings';
import { provision, provisionSteps, type ProvisionOptions, type Runtime } from '../../runtime/index.js';
import type { ProjectConfig } from '../../setup/config.js';
import { loadConfig, provisionConfig } from '../../setup/load.js';
import { runStepsWithListr } from '../listr.js';
import { printJson } from '../output.js';
import { commonRuntimeOptions, parseSeconds, runtimeOptions, torchFlagOptions, torchOptions, type CommonRuntimeFlags, type TorchFlags } from './flags.js';

interface ProvisionFlags extends CommonRuntimeFlags, TorchFlags {
  pocketTtsVersion?: string;
  mode?: 'venv' | 'uvx' | 'system';
  python?: string;
  executable?: string;
  wheelhouse?: string;
  lock?: string;
  extras?: ('audio' | 'quantize')[];
  installer?: 'auto' | 'uv' | 'pip';
  force?: boolean;
  lockTimeout?: number;
  json?: boolean;
}

/** `provision`: create or reuse the pinned runtime. */
export function registerProvision(program: Command): void {
  const command = program
    .command('provision')
    .description('Create or reuse a pinned pocket-tts runtime (venv with CPU PyTorch, uvx, or an existing install).');
  torchOptions(commonRuntimeOptions(command))
    .addOption(new Option('--mode <mode>', 'a venv with pinned packages (default), an on-demand uvx environment, or an existing install').choices(['venv', 'uvx', 'system'] as const))
    .option('--pocket-tts-version <version>', 'pocket-tts version to install (default: the pin in RUNTIME.md)')
    .option('--python <exe>', 'Python to build the venv with (default: discovered)')
    .option('--executable <path>', 'system mode: the existing pocket-tts (default: found on PATH)')
    .option('--wheelhouse <dir>', 'install only from this folder of wheels (no network)')
    .option('--lock <file>', 'requirements file with --hash lines, installed in hash-checking mode')
    .addOption(new Option('--extras <names...>', 'pocket-tts extras to install').choices(['audio', 'quantize'] as const))
    .addOption(new Option('--installer <name>', 'auto: uv when on PATH, else pip (default)').choices(['auto', 'uv', 'pip'] as const))
    .option('--lock-timeout <seconds>', 'how long to wait for another provision of the same runtime', parseSeconds)
    .option('--force', 'rebuild even if a complete runtime exists')
    .option('--json', 'print the resolved runtime as JSON (no progress view)')
    .action(async (flags: ProvisionFlags) => {
      const { config } = await loadConfig();
      const options = { ...provisionConfig(config), ...provisionOptions(flags, config) };
      if (flags.json === true) return printJson(runtimeView(await provision(options)));
      const { steps, state, cleanup } = await provisionSteps(options);
      try {
        await runStepsWithListr(steps, state);
      } finally {
        await cleanup();
      }
      if (state.runtime !== undefined) process.stdout.write(`${describeRuntime(state.runtime)}\n`);
    });
}

/** Maps CLI flags onto the API's options (validation happens in the API). */
export function provisionOptions(flags: ProvisionFlags, config: ProjectConfig = {}): ProvisionOptions {
  return {
    ...runtimeOptions(flags, config),
    ...torchFlagOptions(flags),
    ...(flags.pocketTtsVersion === undefined ? {} : { pocketTtsVersion: flags.pocketTtsVersion }),
    ...(flags.mode === undefined ? {} : { mode: flags.mode }),
    ...(flags.python === undefined ? {} : { python: flags.python }),
    ...(flags.wheelhouse === undefined ? {} : { wheelhouse: flags.wheelhouse }),
    ...(flags.lock === undefined ? {} : { lock: flags.lock }),
    ...(flags.extras === undefined ? {} : { extras: flags.extras }),
    ...(flags.installer === undefined ? {} : { installer: flags.installer }),
    ...(flags.lockTimeout === undefined ? {} : { lockTimeoutMs: flags.lockTimeout * 1000 }),
    force: flags.force === true,
  };
}

/** The `--json` shape: the runtime plus flat `executable` and `python` paths. */
export function runtimeView(runtime: Runtime): Record<string, unknown> {
  return { ...runtime, executable: runtime.pocketTts.file, executableArgs: runtime.pocketTts.args, python: runtime.python?.file ?? null, pythonArgs: runtime.python?.args ?? [] };
}

function describeRuntime(runtime: Runtime): string {
  const verb = runtime.reused ? 'Reused' : 'Installed';
  return [
    `${verb} runtime ${runtime.id} (${runtime.mode})`,
    `  path:       ${runtime.path}`,
    `  pocket-tts: ${runtime.versions.pocketTts}${runtime.versions.torch === null ? '' : `, torch ${runtime.versions.torch}`}${runtime.versions.python === null ? '' : `, Python ${runtime.versions.python}`}`,
    `  run:        ${[runtime.pocketTts.file, ...runtime.pocketTts.args].join(' ')}`,
    `  HF cache:   ${runtime.caches.hfHubCache}`,
  ].join('\n');
}
