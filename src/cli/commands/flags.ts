// What several commands share: the runtime flags, and the parsers of numeric and list flags.
import { InvalidArgumentError, type Command, type OptionValues } from '@commander-js/extra-typings';
import { listenHostProblem } from '../../config/listen.js';
import type { ResolveRuntimeOptions } from '../../runtime/resolve.js';
import type { ProjectConfig } from '../../setup/config.js';

/** Adds `--home`, `--hf-home`, `--hf-hub-cache` and `--offline` to a command. */
export function commonRuntimeOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>) {
  return command
    .option('--home <dir>', 'home folder (default: $POCKET_TTS_RUNTIME_HOME or the platform data folder)')
    .option('--hf-home <dir>', 'HF_HOME for pocket-tts (default: $HF_HOME or ~/.cache/huggingface)')
    .option('--hf-hub-cache <dir>', 'HF_HUB_CACHE (default: $HF_HUB_CACHE or <hf-home>/hub)')
    .option('--offline', 'run pocket-tts with HF_HUB_OFFLINE=1 (cache only, never download)');
}

/** Flags every runtime-using command accepts (see {@link commonRuntimeOptions}). */
export interface CommonRuntimeFlags {
  home?: string | undefined;
  hfHome?: string | undefined;
  hfHubCache?: string | undefined;
  offline?: true | undefined;
  /** Where a command has it: use this pocket-tts directly. */
  executable?: string | undefined;
}

/** The resolveRuntime() options those flags ask for, over what the configuration sets (flags win). */
export function runtimeOptions(flags: CommonRuntimeFlags, config: ProjectConfig): Pick<ResolveRuntimeOptions, 'home' | 'executable' | 'hfHome' | 'hfHubCache' | 'offline'> {
  const { executable } = flags;
  const home = flags.home ?? config.home;
  const hfHome = flags.hfHome ?? config.hfHome;
  const hfHubCache = flags.hfHubCache ?? config.hfHubCache;
  const offline = flags.offline ?? config.offline;
  return withoutUndefined({ home, executable, hfHome, hfHubCache, offline });
}

/** The object without its undefined values (for options whose absence and `undefined` differ downstream). */
export function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

// Plain decimal only: no hex (0x2), octal, binary, exponent, separators, blanks or Infinity, which
// Number() would accept and quietly turn into another value.
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The one parser of every numeric flag: a plain decimal number, then the rule `check` names. */
export function decimal(value: string, what = 'a decimal number', check: (n: number) => boolean = () => true): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !Number.isFinite(n) || !check(n)) throw new InvalidArgumentError(`expected ${what}`);
  return n;
}

/** A number (commander argument parser). */
export function parseNumber(value: string): number {
  return decimal(value);
}

/** A whole number >= 1. */
export function positiveInt(value: string): number {
  return decimal(value, 'a positive whole number (decimal)', (n) => Number.isInteger(n) && n > 0);
}

/** A whole number >= 0. */
export function nonNegativeInt(value: string): number {
  return decimal(value, 'a whole number >= 0 (decimal)', (n) => Number.isInteger(n) && n >= 0);
}

/** A TCP port, 0 (any free one) to 65535. */
export function port(value: string): number {
  return decimal(value, 'a port number 0-65535 (decimal)', (n) => Number.isInteger(n) && n >= 0 && n <= 65_535);
}

/** An address to listen on: an IP address or a host name (`256.1.1.1` is a usage error, not a lookup). */
export function listenHost(value: string): string {
  const problem = listenHostProblem(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return value;
}

/** A value that is not blank (a secret, a name). */
export function nonBlank(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a value that is not blank');
  return value;
}

/** The torch flags of `provision` and `setup`. */
export interface TorchFlags {
  torchVersion?: string | undefined;
  torchIndexUrl?: string | undefined;
  torchFindLinks?: string | undefined;
  torchAllowCuda?: true | undefined;
}

/** Adds `--torch-version`, `--torch-index-url`, `--torch-find-links` and `--torch-allow-cuda` to a command. */
export function torchOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>) {
  return command
    .option('--torch-version <version>', 'exact torch version to install, e.g. 2.13.0+cpu (default: the pin in RUNTIME.md)')
    .option('--torch-index-url <url>', "index to install torch from (default: PyTorch's CPU index; a mirror of it)")
    .option('--torch-find-links <dir>', 'install torch from this folder of wheels; the other packages still come from the package index')
    .option('--torch-allow-cuda', 'accept a CUDA/ROCm build of torch (refused by default: 2+ GB, no speed-up)');
}

/** The API options those flags ask for. */
export function torchFlagOptions(flags: TorchFlags): { torchVersion?: string; torchIndexUrl?: string; torchFindLinks?: string; torchAllowCuda?: true } {
  const { torchVersion, torchIndexUrl, torchFindLinks, torchAllowCuda } = flags;
  return withoutUndefined({ torchVersion, torchIndexUrl, torchFindLinks, torchAllowCuda });
}

/** A number of seconds >= 0. */
export function parseSeconds(value: string): number {
  return decimal(value, 'a number of seconds >= 0 (decimal)', (n) => n >= 0);
}

/** A comma-separated list, blanks dropped. */
export function parseList(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}
