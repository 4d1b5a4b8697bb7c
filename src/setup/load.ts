// The one configuration loader of every command: flags (applied by the caller) > environment > file > defaults.
import { resolve } from 'node:path';
import type { ProvisionOptions } from '../runtime/options.js';
import { absolutePaths, CONFIG_FILE_ENV, loadProjectConfig, type ConfigSources, type LoadedConfig, type ProjectConfig } from './config.js';
import { configFromEnv, mergeConfigs } from './env.js';

/**
 * The project's configuration: the file (found from `cwd` upwards, or `file`, or $POCKET_TTS_RUNTIME_CONFIG)
 * under the `POCKET_TTS_RUNTIME_*` variables, every path absolute (the file's against its folder, the
 * environment's against `cwd`). Throws INVALID_CONFIG (field, line and column) for a bad file or variable.
 */
export async function loadConfig(sources: ConfigSources = {}): Promise<LoadedConfig> {
  const cwd = resolve(sources.cwd ?? process.cwd());
  const env = sources.env ?? process.env;
  const named = env[CONFIG_FILE_ENV];
  const explicit = sources.file ?? (named === undefined || named.trim() === '' ? undefined : named);
  const loaded = await loadProjectConfig(cwd, explicit);
  const config = mergeConfigs(absolutePaths(loaded.config, loaded.base), absolutePaths(configFromEnv(env), cwd));
  return { config, file: loaded.file, base: loaded.base };
}

/** The provision() options a configuration sets (`runtime.*`, the caches, `offline`); setup and `provision` both use it. */
export function provisionConfig(config: ProjectConfig): ProvisionOptions {
  const r = config.runtime ?? {};
  const pick = <T>(key: keyof ProvisionOptions, value: T | undefined): Partial<ProvisionOptions> => (value === undefined ? {} : { [key]: value });
  return {
    ...pick('home', config.home),
    ...pick('offline', config.offline),
    ...pick('hfHome', config.hfHome),
    ...pick('hfHubCache', config.hfHubCache),
    ...pick('wheelhouse', r.wheelhouse),
    ...pick('mode', r.mode),
    ...pick('python', r.python),
    ...pick('executable', r.executable),
    ...pick('lock', r.lock),
    ...pick('extras', r.extras),
    ...pick('installer', r.installer),
    ...pick('indexUrl', r.indexUrl),
    ...pick('torchIndexUrl', r.torchIndexUrl),
    ...pick('pocketTtsVersion', r.pocketTts),
    ...pick('torchVersion', r.torchVersion),
    ...pick('torchFindLinks', r.torchFindLinks),
    ...pick('torchAllowCuda', r.torchAllowCuda),
  };
}
