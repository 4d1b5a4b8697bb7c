// What the contract suite runs against: a real pocket-tts (POCKET_TTS_BIN) or the contract double.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixtures } from '../support/fixtures.js';
import { run, type ChildEnv, type RunOptions, type RunResult } from './support/run.js';
import { toneWav } from './support/wav.js';

/** True unless POCKET_TTS_BIN points at a real installation. Known at collection time. */
export const isDouble = !process.env.POCKET_TTS_BIN;

/**
 * Whether the built-in language models (Hub weights, catalog voices) can be used. Always for the double;
 * for a real install when no local config is given (the Hub is then the only source), or when
 * POCKET_TTS_HUB=1 says the Hub is reachable besides the local config.
 */
export const hasLanguageModels = isDouble || !process.env.POCKET_TTS_CONFIG || process.env.POCKET_TTS_HUB === '1';

/**
 * Why a case runs only against the double: every `runIf(doubleOnly.…)` names its reason, and
 * test/contract/README.md lists the cases by reason.
 */
export const doubleOnly = {
  /** It injects a failure, a fault or a timing with the double's knobs (POCKET_TTS_DOUBLE_*): the real program has no switch for them. */
  knobs: isDouble,
  /** It compares exact bytes or lengths: the double is deterministic, real sampling is random. */
  determinism: isDouble,
  /** It reads the parameters the double records (POCKET_TTS_DOUBLE_TRACE_FILE): the real program records nothing. */
  trace: isDouble,
  /** It fills an HF cache with empty placeholder files, which the double never reads and the real program would load as weights. */
  placeholderHub: isDouble,
  /** It builds runtimes from the double's own wheels (a runtime without torch). */
  doubleWheels: isDouble,
  /** It serves http(s):// voices from $HOME/.cache/pocket_tts with no network: the real program downloads them instead. */
  urlCache: isDouble,
} as const;

/**
 * The release the suite holds the target to: POCKET_TTS_CONTRACT_VERSION (the real tier sets it to the release
 * it installed), else the double's POCKET_TTS_DOUBLE_VERSION, else 2.1.0. Known at collection time.
 */
export const targetVersion = process.env.POCKET_TTS_CONTRACT_VERSION ?? process.env.POCKET_TTS_DOUBLE_VERSION ?? '2.1.0';

/**
 * Cases that hold only for some releases: every `runIf(release.…)` and every per-release expectation names
 * which (test/contract/README.md lists them). From 3.3.0 on: plain french accepted, real file sizes, the
 * "non-WAV or non-16-bit WAV" wording.
 */
export const release = {
  /** 2.1.0 (and older): plain `french` refused, placeholder sizes in files. */
  v2: Number(targetVersion.split('.')[0]) < 3,
  /** 3.3.0, 4.0.1 and later. */
  v3plus: Number(targetVersion.split('.')[0]) >= 3,
} as const;

/** Whether a local config that loads a model is available (the double's tiny one, or POCKET_TTS_CONFIG). */
export const hasLocalConfig = isDouble || Boolean(process.env.POCKET_TTS_CONFIG);

/**
 * Whether the suite drives a real install through POCKET_TTS_CONFIG by default (then catalog voices are
 * avoided). With POCKET_TTS_HUB=1 as well, the built-in language is the default (as for users) and the
 * local config serves the config cases only.
 */
export const usesLocalConfig = !isDouble && Boolean(process.env.POCKET_TTS_CONFIG) && process.env.POCKET_TTS_HUB !== '1';

/**
 * How much longer than against the double things may take: 10x against a real model (each process loads
 * it), or POCKET_TTS_CONTRACT_TIMEOUT_SCALE (a busy or slow machine). Hang guards, never measurements.
 */
const SCALE = Number(process.env.POCKET_TTS_CONTRACT_TIMEOUT_SCALE ?? '') || (isDouble ? 1 : 10);

/** Fast knobs for the double (individual tests override them). */
const DOUBLE_DEFAULTS: ChildEnv = {
  POCKET_TTS_DOUBLE_LOAD_MS: '20',
  POCKET_TTS_DOUBLE_FRAME_MS: '1',
  POCKET_TTS_DOUBLE_ENCODE_MS: '20',
  // The release the double imitates (the parent's own POCKET_TTS_DOUBLE_* are not passed through).
  ...(process.env.POCKET_TTS_DOUBLE_VERSION === undefined ? {} : { POCKET_TTS_DOUBLE_VERSION: process.env.POCKET_TTS_DOUBLE_VERSION }),
};

export interface Target {
  isDouble: boolean;
  /** The `pocket-tts` console script. */
  bin: string;
  /** The Python of the venv `bin` lives in. */
  python: string;
  /** A local YAML config that loads a working model (undefined on a real install without POCKET_TTS_CONFIG). */
  config: string | undefined;
  /** A YAML file that exists (for argument-validation tests that fail before loading it). */
  anyConfigFile: string;
  /** A WAV voice prompt (POCKET_TTS_VOICE_WAV or a generated 24 kHz mono 16-bit tone). */
  voiceWav: string;
  /** Model selection for generate/serve/export-voice that works on this target. */
  modelArgs: string[];
  /** A `--voice` that works with `modelArgs` (empty = the language's default catalog voice). */
  voiceArgs: string[];
  /** A scratch folder of this test worker. */
  workDir: string;
  /**
   * The child environment: the parent's, minus the double's knobs and HF_HUB_OFFLINE/PYTHONUNBUFFERED
   * (tests set those explicitly), plus `_TYPER_STANDARD_TRACEBACK=1`, plus the double's fast defaults,
   * plus `extra` (a value of `undefined` removes the variable).
   */
  env(extra?: Record<string, string | undefined>): ChildEnv;
  /** Runs `pocket-tts ARGS` to completion with `env(options.env)`. */
  cli(args: readonly string[], options?: Omit<RunOptions, 'env'> & { env?: Record<string, string | undefined> }): Promise<RunResult>;
  /**
   * `pocket-tts generate [model] [voice] --text - --output-path - ARGS` with `text` on stdin.
   * `model`/`voice` replace the target's defaults; `output: null` leaves `--output-path` out.
   */
  generate(args?: readonly string[], options?: GenerateOptions): Promise<RunResult>;
  /** A fresh scratch sub-folder. */
  tmp(prefix: string): string;
  /** A fresh path for POCKET_TTS_DOUBLE_TRACE_FILE. */
  traceFile(): string;
}

export interface GenerateOptions {
  text?: string;
  model?: readonly string[];
  voice?: readonly string[];
  output?: string | null;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

/** A short sentence: a few frames of audio, fast everywhere. */
export const SHORT_TEXT = 'Hello there, this is a test.';

let cached: Target | undefined;

export function target(): Target {
  if (cached) return cached;
  let root: string;
  try {
    root = fixtures().root;
  } catch {
    root = tmpdir();
  }
  const workDir = mkdtempSync(join(root, 'contract-'));
  const bin = process.env.POCKET_TTS_BIN ?? fixtures().doubleBin;
  const tinyConfig = writeTinyConfig(workDir);
  let voiceWav = process.env.POCKET_TTS_VOICE_WAV;
  if (!voiceWav) {
    voiceWav = join(workDir, 'voice.wav');
    writeFileSync(voiceWav, toneWav({ seconds: 3 }));
  }
  const realConfig = process.env.POCKET_TTS_CONFIG;
  const config = isDouble ? tinyConfig : realConfig;
  // Real install with a local config: use it (and a WAV voice, since catalog voices need a language model).
  const modelArgs = usesLocalConfig && realConfig ? ['--config', realConfig] : [];
  const voiceArgs = usesLocalConfig ? ['--voice', voiceWav] : [];
  const env = (extra: Record<string, string | undefined> = {}): ChildEnv => {
    const out: ChildEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v === undefined) continue;
      if (k.startsWith('POCKET_TTS_DOUBLE_') || k === 'HF_HUB_OFFLINE' || k === 'PYTHONUNBUFFERED') continue;
      out[k] = v;
    }
    out._TYPER_STANDARD_TRACEBACK = '1';
    if (isDouble) Object.assign(out, DOUBLE_DEFAULTS);
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete out[k];
      else out[k] = v;
    }
    return out;
  };
  let counter = 0;
  cached = {
    isDouble,
    bin,
    python: join(dirname(bin), 'python'),
    config,
    anyConfigFile: config ?? tinyConfig,
    voiceWav,
    modelArgs,
    voiceArgs,
    workDir,
    env,
    cli: (args, options = {}) => run(bin, args, { ...options, env: env(options.env), timeoutMs: options.timeoutMs ?? 30_000 * SCALE }),
    generate: (args = [], o = {}) => {
      const output = o.output === undefined ? ['--output-path', '-'] : o.output === null ? [] : ['--output-path', o.output];
      const argv = ['generate', ...(o.model ?? modelArgs), ...(o.voice ?? voiceArgs), '--text', '-', ...output, ...args];
      return run(bin, argv, { env: env(o.env), input: o.text ?? SHORT_TEXT, cwd: o.cwd, timeoutMs: o.timeoutMs ?? 30_000 * SCALE });
    },
    traceFile: () => {
      counter += 1;
      return join(workDir, `trace-${counter}.jsonl`);
    },
    tmp: (prefix) => {
      counter += 1;
      const dir = join(workDir, `${prefix}-${counter}`);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
  return cached;
}

/** Per-test timeout: generous against a real model, short against the double. */
export function timeout(ms: number): number {
  return ms * SCALE;
}

/** Writes the double's tiny config into `dir` with empty stand-ins for its weights and tokenizer; returns its path. */
export function writeTinyConfig(dir: string): string {
  // The double never reads the stand-ins' content.
  for (const f of ['model.safetensors', 'model-without-voice-cloning.safetensors', 'tokenizer.model']) writeFileSync(join(dir, f), '');
  const config = join(dir, 'tiny-config.yaml');
  writeFileSync(config, tinyConfigYaml(dir));
  return config;
}

/** A minimal config in the shape of upstream's YAML configs, pointing only at local files. */
function tinyConfigYaml(dir: string): string {
  return `# Tiny local config for the contract double (not a real model): every path is local.
flow_lm:
  dtype: float32
  flow:
    depth: 1
    dim: 16
  transformer:
    d_model: 16
    hidden_scale: 1
    max_period: 10000
    num_heads: 1
    num_layers: 1
  lookup_table:
    dim: 16
    n_bins: 4000
    tokenizer: sentencepiece
    tokenizer_path: ${join(dir, 'tokenizer.model')}
mimi:
  dtype: float32
  sample_rate: 24000
  channels: 1
  frame_rate: 12.5
weights_path: ${join(dir, 'model.safetensors')}
weights_path_without_voice_cloning: ${join(dir, 'model-without-voice-cloning.safetensors')}
`;
}
