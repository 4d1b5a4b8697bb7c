// python: the runtime's interpreter is in pocket-tts's range and is the runtime's own (not a stray one).
import { realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import semver from 'semver';
import { fail, pass, reprovisionCommand, warn } from '../src/preflight/facts/outcomes.js';
import type { ProbeFacts } from '../src/preflight/facts/probe-schema.js';
import { defineCheck, type CheckOutcome, type Facts, type FactsWithRuntime } from '../src/preflight/facts/types.js';
import { PYTHON_RANGE } from '../src/pins.js';

/** The `python` check. */
export const python = defineCheck({
  id: 'python',
  title: 'Python',
  needsRuntime: true,
  async run(facts) {
    const probe = await facts.probe;
    if (!probe.ok) {
      if (probe.reason === 'no-python') return warn(`${probe.message}: Python, torch and dependencies cannot be checked`, 'pocket-tts-runtime provision --mode venv', {});
      return fail(`the runtime's Python does not run: ${probe.message}`, reprovisionCommand(facts), { stderr: probe.stderr });
    }
    return rangeProblem(probe.facts, facts) ?? (await ownershipProblem(probe.facts, facts)) ?? pass(describe(probe.facts, facts), details(probe.facts));
  },
});

// The installed pocket-tts's own Requires-Python wins; the pinned range is the fallback.
function rangeProblem(probe: ProbeFacts, facts: Facts): CheckOutcome | null {
  const { version } = probe.python;
  const declared = probe.pocketTts?.requiresPython ?? null;
  const inRange = declared !== null && probe.pocketTts?.requiresPythonSatisfied != null ? probe.pocketTts.requiresPythonSatisfied : semver.satisfies(version, PYTHON_RANGE);
  if (inRange) return null;
  return fail(`Python ${version} is outside pocket-tts's range ${declared ?? PYTHON_RANGE}`, `${reprovisionCommand(facts)} --python python3.12`, details(probe));
}

// venv mode: the probe must have run inside the runtime's venv, and torch/pocket_tts must come from it.
async function ownershipProblem(probe: ProbeFacts, facts: FactsWithRuntime): Promise<CheckOutcome | null> {
  const { runtime } = facts;
  if (runtime.mode !== 'venv') return null;
  const venv = await real(join(runtime.path, 'venv'));
  const prefix = await real(probe.python.prefix);
  if (prefix !== venv) return fail(`the interpreter runs in ${prefix}, not in the runtime's venv ${venv}`, reprovisionCommand(facts), details(probe));
  const strays = [probe.torch?.file, probe.pocketTts?.file].filter((file): file is string => typeof file === 'string' && !(file.startsWith(probe.python.prefix + sep) || file.startsWith(venv + sep)));
  if (strays.length === 0) return null;
  const cause = probe.python.pythonpath ? ' (PYTHONPATH is set)' : '';
  return warn(`modules are imported from outside the runtime${cause}: ${strays.join(', ')}`, 'unset PYTHONPATH', details(probe));
}

function describe(probe: ProbeFacts, facts: Facts): string {
  const own = facts.runtime?.mode === 'venv' ? ", the runtime's own venv" : '';
  return `Python ${probe.python.version} (${probe.python.executable})${own}`;
}

function details(probe: ProbeFacts): Record<string, unknown> {
  return { ...probe.python, requiresPython: probe.pocketTts?.requiresPython ?? PYTHON_RANGE };
}

async function real(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}
