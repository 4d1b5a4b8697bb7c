// The contract between the preflight runner and the check modules in `checks/`: a check sees facts only.
// Check ids and their order live with the checks (checks/index.ts).
import type { Language } from '../../hub/languages.js';
import type { Runtime } from '../../runtime/types.js';
import type { ProbeOutcome } from './probe-schema.js';

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

/** Facts of a machine with a runtime: what a check that needs one is given. */
export type FactsWithRuntime = Facts & { runtime: Runtime };

interface CheckHead<Id extends string> {
  id: Id;
  title: string;
}

/** A check that runs on any machine, with or without a runtime. */
export interface AnyCheck<Id extends string = string> extends CheckHead<Id> {
  needsRuntime: false;
  run(facts: Facts): Promise<CheckOutcome> | CheckOutcome;
}

/** A check that needs a runtime: skipped with "needs a runtime" without one, so it is always given one. */
export interface RuntimeCheck<Id extends string = string> extends CheckHead<Id> {
  needsRuntime: true;
  run(facts: FactsWithRuntime): Promise<CheckOutcome> | CheckOutcome;
}

/** A check module's export. */
export type Check<Id extends string = string> = AnyCheck<Id> | RuntimeCheck<Id>;

/** Declares a check, keeping its id as a literal type and its kind (checks/index.ts lists them in report order). */
export function defineCheck<const Id extends string>(check: AnyCheck<Id>): AnyCheck<Id>;
export function defineCheck<const Id extends string>(check: RuntimeCheck<Id>): RuntimeCheck<Id>;
export function defineCheck(check: Check): Check {
  return check;
}
