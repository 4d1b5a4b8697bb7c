// Small constructors the check modules share, so every outcome has the same shape.
import { POCKET_TTS_VERSION } from '../../pins.js';
import type { ProbeFacts } from './probe-schema.js';
import type { CheckOutcome, Facts } from './types.js';

type Details = Readonly<Record<string, unknown>>;

/** A passing outcome. */
export function pass(message: string, details?: Details): CheckOutcome {
  return { status: 'pass', message, hint: null, details };
}

/** Works, with a caveat and what to do about it. */
export function warn(message: string, hint: string | null, details?: Details): CheckOutcome {
  return { status: 'warn', message, hint, details };
}

/** Will not work; the hint is the exact fix. */
export function fail(message: string, hint: string | null, details?: Details): CheckOutcome {
  return { status: 'fail', message, hint, details };
}

/** Not applicable on this machine or with these options. */
export function skip(message: string, hint: string | null = null): CheckOutcome {
  return { status: 'skip', message, hint };
}

/**
 * `pocket-tts-runtime provision --home H … --force`: rebuilds the same runtime (same mode, wheelhouse and
 * extras, so the same id) with the pinned packages.
 */
export function reprovisionCommand(facts: Facts): string {
  const runtime = facts.runtime;
  const words = ['pocket-tts-runtime', 'provision', '--home', facts.options.home];
  if (runtime !== null && runtime.mode !== 'venv') words.push('--mode', runtime.mode);
  if (runtime?.mode === 'system') words.push('--executable', runtime.pocketTts.file);
  // Keep the release the runtime was provisioned with: a rebuild must not fall back to the default pin.
  const release = runtime?.inputs.pocketTts;
  if (runtime?.mode !== 'system' && typeof release === 'string' && release !== POCKET_TTS_VERSION) words.push('--pocket-tts-version', release);
  const wheelhouse = runtime?.inputs.wheelhouse;
  if (typeof wheelhouse === 'string') words.push('--wheelhouse', wheelhouse);
  const extras = runtime?.inputs.extras;
  if (Array.isArray(extras) && extras.length > 0) words.push('--extras', ...extras.map(String));
  words.push('--force');
  return words.map(quote).join(' ');
}

/** Quotes a word for POSIX shells when it needs it. */
export function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The probe's facts for a Python-side check, or the skip it reports instead: the `python` check is the
 * one that explains a probe that could not run, the others point at it.
 */
export async function probed(facts: Facts): Promise<{ ok: true; facts: ProbeFacts } | { ok: false; outcome: CheckOutcome }> {
  const probe = await facts.probe;
  if (probe.ok) return { ok: true, facts: probe.facts };
  const why = { 'no-runtime': 'needs a runtime', 'no-python': "the runtime's Python is not known, nothing to probe (see python)", failed: "the runtime's Python did not answer the probe (see python)" };
  return { ok: false, outcome: skip(why[probe.reason]) };
}

/** The pocket-tts release the runtime holds: the probe's answer, else what the runtime recorded. */
export async function installedVersion(facts: Facts): Promise<string> {
  const probe = await facts.probe;
  return (probe.ok ? probe.facts.pocketTts?.distVersion : null) ?? facts.runtime?.versions.pocketTts ?? POCKET_TTS_VERSION;
}

/**
 * The fix for a missing or wrong package: in a system install (nothing of ours to rebuild) pip in its own
 * interpreter, e.g. `/usr/bin/python3 -m pip install --index-url … torch==2.13.0+cpu`; otherwise a re-provision.
 */
export function packageFix(facts: Facts, requirement: string, indexUrl?: string): string {
  const runtime = facts.runtime;
  if (runtime?.mode !== 'system' || runtime.python === null) return reprovisionCommand(facts);
  const index = indexUrl === undefined ? [] : ['--index-url', indexUrl];
  return [runtime.python.file, ...runtime.python.args, '-m', 'pip', 'install', ...index, requirement].map(quote).join(' ');
}
