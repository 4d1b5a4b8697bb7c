// The contract between the preflight runner and the check modules in `checks/`: a check sees facts only.
import type { Language } from '../../hub/languages.js';
import type { Runtime } from '../../runtime/types.js';
import type { ProbeOutcome } from './probe-schema.js';

/** Check ids, in the fixed order of the report. */
export const CHECK_IDS = [
  'executable',
  'python',
  'torch',
  'pocket-tts',
  'hf-cache',
  'pocket-tts-cache',
  'offline',
  'voices',
  'hf-token',
  'port',
  'disk',
  'memory',
] as const;

/** One of {@link CHECK_IDS}. */
export type CheckId = (typeof CHECK_IDS)[number];

/** pass: fine; warn: works, with a caveat; fail: will not work; skip: not applicable here. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** What a check concludes. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One line, for humans and logs. */
  message: string;
  /** What to do: an exact command or setting (null when there is nothing to do). */
  hint?: string | null;
  /** Check-specific facts for `--json` (paths, byte counts, missing files…). */
  details?: Readonly<Record<string, unknown>>;
}

/** Server mode: the pool's size and the ports its sidecars bind. */
export interface ServerPlan {
  workers: number;
  /** Inclusive `[from, to]` on 127.0.0.1. */
  portRange: readonly [number, number];
}

/** Preflight options with every default applied. */
export interface ResolvedPreflightOptions {
  home: string;
  offline: boolean;
  strict: boolean;
  language: Language;
  /** Catalog voices the offline check looks for. */
  voices: readonly string[];
  voicesDir: string;
  cloning: boolean;
  server: ServerPlan | null;
  quantize: boolean;
  minFreeBytes: number;
  /** The environment pocket-tts will be started from (HOME, HF_TOKEN…). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Why there is no runtime (the executable check reports it; runtime-bound checks skip). */
export interface RuntimeProblem {
  code: string;
  message: string;
  hint: string;
}

/** Everything a check may look at. The probe is one shared promise: checks that need it await it. */
export interface Facts {
  options: ResolvedPreflightOptions;
  runtime: Runtime | null;
  runtimeProblem: RuntimeProblem | null;
  probe: Promise<ProbeOutcome>;
}

/** A check module's export. */
export interface Check {
  id: CheckId;
  title: string;
  /** Skipped with "needs a runtime" when the runtime cannot be resolved. */
  needsRuntime: boolean;
  run(facts: Facts): Promise<CheckOutcome> | CheckOutcome;
}
