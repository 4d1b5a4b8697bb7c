import { doubleCacheHome } from './double-cache.js';
import { resolve } from 'node:path';
import { homeLayout, resolveHome } from '../config/home.js';
import type { TorchOptions } from '../runtime/torch.js';
import type { StepListener } from '../tasks/steps.js';
import type { ProjectConfig } from './config.js';
import { mergeConfigs } from './env.js';
import { loadConfig } from './load.js';

/** Options of setup(); each overrides the environment, which overrides the config file. */
export interface SetupOptions extends TorchOptions {
  /** The pocket-tts version to install (config `runtime.pocketTts`; default: the pin). */
  pocketTtsVersion?: string;
  /** Project folder (default: the working directory): where the config file is looked up and outputs go. */
  cwd?: string;
  /** An explicit config file (default: pocket-tts-runtime.config.json found from cwd upwards). */
  config?: string;
  home?: string;
  engine?: 'real' | 'double';
  offline?: boolean;
  wheelhouse?: string;
  hfHome?: string;
  hfHubCache?: string;
  /** Run the smoke generation (default true). */
  smoke?: boolean;
  env?: NodeJS.ProcessEnv;
  onEvent?: StepListener;
}

/** Everything setup needs, decided once. */
export interface ResolvedSetup {
  cwd: string;
  configFile: string | null;
  config: ProjectConfig;
  home: string;
  engine: 'real' | 'double';
  offline: boolean;
  /** The wheelhouse to install from: the configured one, or for the double the one setup builds. */
  wheelhouse: string | null;
  doubleWheelhouse: string;
  manifest: string;
  /** Whether the manifest was configured (file, environment or option): then it must exist. */
  manifestConfigured: boolean;
  /** Whether the manifest exists (checked once, before the steps run). */
  manifestExists: boolean;
  voicesDir: string | undefined;
  smoke: { enabled: boolean; text: string; voice: string | undefined; out: string };
  env: NodeJS.ProcessEnv;
  /** The double's own HF_HOME of stand-in files for an offline rehearsal (see double-cache.ts), or null. */
  doubleCache: string | null;
}

const SMOKE_TEXT = 'Hello from pocket-tts-runtime. This machine can speak.';

/** Reads the config file and the environment, applies the options on top, and fills the defaults. */
export async function resolveSetup(options: SetupOptions): Promise<ResolvedSetup> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const loaded = await loadConfig({ cwd, env, ...(options.config === undefined ? {} : { file: options.config }) });
  const fromOptions: ProjectConfig = {
    ...(options.home === undefined ? {} : { home: resolve(cwd, options.home) }),
    ...(options.engine === undefined ? {} : { engine: options.engine }),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.hfHome === undefined ? {} : { hfHome: options.hfHome }),
    ...(options.hfHubCache === undefined ? {} : { hfHubCache: options.hfHubCache }),
    runtime: {
      ...(options.wheelhouse === undefined ? {} : { wheelhouse: resolve(cwd, options.wheelhouse) }),
      ...(options.pocketTtsVersion === undefined ? {} : { pocketTts: options.pocketTtsVersion }),
      ...(options.torchVersion === undefined ? {} : { torchVersion: options.torchVersion }),
      ...(options.torchIndexUrl === undefined ? {} : { torchIndexUrl: options.torchIndexUrl }),
      ...(options.torchFindLinks === undefined ? {} : { torchFindLinks: resolve(cwd, options.torchFindLinks) }),
      ...(options.torchAllowCuda === undefined ? {} : { torchAllowCuda: options.torchAllowCuda }),
    },
  };
  const merged = mergeConfigs(loaded.config, fromOptions);
  const home = resolveHome(merged.home, env);
  const doubleCache = doubleCacheHome(merged, home, env);
  const config = doubleCache === null ? merged : { ...merged, hfHome: doubleCache };
  const engine = config.engine ?? 'real';
  const doubleWheelhouse = homeLayout(home).doubleWheelhouse;
  return {
    cwd,
    configFile: loaded.file,
    config,
    home,
    engine,
    offline: config.offline ?? false,
    wheelhouse: config.runtime?.wheelhouse ?? (engine === 'double' ? doubleWheelhouse : null),
    doubleWheelhouse,
    doubleCache,
    manifest: config.voices?.manifest ?? resolve(cwd, 'voices.json'),
    manifestConfigured: config.voices?.manifest !== undefined,
    manifestExists: false,
    voicesDir: config.voices?.dir,
    smoke: {
      enabled: options.smoke ?? true,
      text: config.smoke?.text ?? SMOKE_TEXT,
      voice: config.smoke?.voice,
      out: config.smoke?.out ?? resolve(cwd, '.pocket-tts', 'smoke.wav'),
    },
    env,
  };
}
