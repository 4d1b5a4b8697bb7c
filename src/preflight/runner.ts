// Runs every check at once against shared facts; a check awaiting the probe awaits the one shared promise.
import { fail, skip } from './facts/outcomes.js';
import type { Check, CheckOutcome, Facts } from './facts/types.js';
import type { CheckReport } from './schema.js';

/** One check's report line, before the report's schema narrows its id. */
export type CheckLine<Id extends string = string> = Omit<CheckReport, 'id'> & { id: Id };

/** A check that has started, and its coming report line. */
export interface RunningCheck<Id extends string = string> {
  id: Id;
  title: string;
  result: Promise<CheckLine<Id>>;
}

/** Starts all checks in the same tick (the probe is already running) and returns them in order. */
export function startChecks<Id extends string>(checks: readonly Check<Id>[], facts: Facts): RunningCheck<Id>[] {
  return checks.map((check) => ({ id: check.id, title: check.title, result: runOne(check, facts) }));
}

async function runOne<Id extends string>(check: Check<Id>, facts: Facts): Promise<CheckLine<Id>> {
  const started = performance.now();
  const outcome = await outcomeOf(check, facts);
  return {
    id: check.id,
    title: check.title,
    status: outcome.status,
    message: outcome.message,
    hint: outcome.hint ?? null,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    details: outcome.details ?? {},
  };
}

// A check that throws is a bug in this package, reported as that check's failure, not a crashed preflight.
async function outcomeOf(check: Check, facts: Facts): Promise<CheckOutcome> {
  try {
    if (!check.needsRuntime) return await check.run(facts);
    const { runtime } = facts;
    return runtime === null ? skip('needs a runtime (see executable)') : await check.run({ ...facts, runtime });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return fail(`the ${check.id} check crashed: ${text}`, 'report it to pocket-tts-runtime with the output of `pocket-tts-runtime preflight --json`');
  }
}
