import { InvalidArgumentError, type Command } from 'commander';
import type { ResolveRuntimeOptions } from '../../runtime/resolve.js';

/** Flags every runtime-using command accepts. */
export interface CommonRuntimeFlags {
  home?: string;
  hfHome?: string;
  hfHubCache?: string;
  offline?: boolean;
}

/** Adds `--home`, `--hf-home`, `--hf-hub-cache` and `--offline` to a command. */
export function commonRuntimeOptions(command: Command): Command {
  return command
    .option('--home <dir>', 'home folder (default: $POCKET_TTS_RUNTIME_HOME or the platform data folder)')
    .option('--hf-home <dir>', 'HF_HOME for pocket-tts (default: $HF_HOME or ~/.cache/huggingface)')
    .option('--hf-hub-cache <dir>', 'HF_HUB_CACHE (default: $HF_HUB_CACHE or <hf-home>/hub)')
    .option('--offline', 'run pocket-tts with HF_HUB_OFFLINE=1 (cache only, never download)');
}

/** The resolveRuntime() options those flags (and `--executable`, where a command has it) ask for. */
export function runtimeOptions(flags: CommonRuntimeFlags & { executable?: string }): Pick<ResolveRuntimeOptions, 'home' | 'executable' | 'hfHome' | 'hfHubCache' | 'offline'> {
  return {
    ...(flags.home === undefined ? {} : { home: flags.home }),
    ...(flags.executable === undefined ? {} : { executable: flags.executable }),
    ...(flags.hfHome === undefined ? {} : { hfHome: flags.hfHome }),
    ...(flags.hfHubCache === undefined ? {} : { hfHubCache: flags.hfHubCache }),
    ...(flags.offline === true ? { offline: true } : {}),
  };
}

/** The torch flags of `provision` and `setup`. */
export interface TorchFlags {
  torchVersion?: string;
  torchIndexUrl?: string;
  torchFindLinks?: string;
  torchAllowCuda?: boolean;
}

/** Adds `--torch-version`, `--torch-index-url`, `--torch-find-links` and `--torch-allow-cuda` to a command. */
export function torchOptions(command: Command): Command {
  return command
    .option('--torch-version <version>', `exact torch version to install, e.g. 2.13.0+cpu (default: the pin in RUNTIME.md)`)
    .option('--torch-index-url <url>', "index to install torch from (default: PyTorch's CPU index; a mirror of it)")
    .option('--torch-find-links <dir>', 'install torch from this folder of wheels; the other packages still come from the package index')
    .option('--torch-allow-cuda', 'accept a CUDA/ROCm build of torch (refused by default: 2+ GB, no speed-up)');
}

/** The API options those flags ask for. */
export function torchFlagOptions(flags: TorchFlags): TorchFlags {
  return {
    ...(flags.torchVersion === undefined ? {} : { torchVersion: flags.torchVersion }),
    ...(flags.torchIndexUrl === undefined ? {} : { torchIndexUrl: flags.torchIndexUrl }),
    ...(flags.torchFindLinks === undefined ? {} : { torchFindLinks: flags.torchFindLinks }),
    ...(flags.torchAllowCuda === true ? { torchAllowCuda: true } : {}),
  };
}

/** Parses a positive number of seconds (commander argument parser). */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError('expected a number of seconds >= 0');
  return seconds;
}
