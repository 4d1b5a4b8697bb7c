// Runs every check at once against shared facts; a check awaiting the probe awaits the one shared promise.
import { fail, skip } from './facts/outcomes.js';
import type { CheckReport } from './schema.js';
import type { Check, CheckOutcome, Facts } from './facts/types.js';

/** A check that has started, and its coming report line. */
export interface RunningCheck {
  id: Check['id'];
  title: string;
  result: Promise<CheckReport>;
}

/** Starts all checks in the same tick (the probe is already running) and returns them in order. */
export function startChecks(checks: readonly Check[], facts: Facts): RunningCheck[] {
  return checks.map((check) => ({ id: check.id, title: check.title, result: runOne(check, facts) }));
}

async function runOne(check: Check, facts: Facts): Promise<CheckReport> {
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
  if (check.needsRuntime && facts.runtime === null) return skip('needs a runtime (see executable)');
  try {
    return await check.run(facts);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return fail(`the ${check.id} check crashed: ${text}`, 'report it to pocket-tts-runtime with the output of `pocket-tts-runtime preflight --json`');
  }
}
