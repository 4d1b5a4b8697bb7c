// preflight(): one probe process plus concurrent filesystem checks, folded into one versioned report.
import { isTtsError } from '../errors/index.js';
import { resolveRuntime, type ResolveRuntimeOptions } from '../runtime/resolve.js';
import type { Runtime } from '../runtime/types.js';
import { resolvePreflightOptions, type PreflightOptions } from './options.js';
import { quote } from './facts/outcomes.js';
import { runProbe } from './facts/probe.js';
import type { ProbeOutcome } from './facts/probe-schema.js';
import { CHECKS } from '../../checks/index.js';
import { buildReport } from './report.js';
import { startChecks, type RunningCheck } from './runner.js';
import type { PreflightReport } from './schema.js';
import type { Facts, ResolvedPreflightOptions, RuntimeProblem } from './facts/types.js';

/** A preflight in progress: each check's coming line (for a live view) and the coming report. */
export interface PreflightRun {
  checks: readonly RunningCheck[];
  report: Promise<PreflightReport>;
}

/**
 * Proves this machine can speak with the configured runtime, or says exactly why not. Never throws for
 * a failed check (that is in the report); throws INVALID_CONFIG for bad options.
 */
export async function preflight(options: PreflightOptions = {}): Promise<PreflightReport> {
  return (await startPreflight(options)).report;
}

/** Starts the probe and every check; the CLI renders `checks` live and prints the `report`. */
export async function startPreflight(options: PreflightOptions = {}): Promise<PreflightRun> {
  const startedAt = new Date();
  const started = performance.now();
  const parsed = resolvePreflightOptions(options);
  const { runtime, problem } = await resolveOrExplain(parsed.runtime, parsed.options);
  const probe: Promise<ProbeOutcome> = runProbe(runtime, parsed.options.env).catch((error: unknown): ProbeOutcome => ({
    ok: false, reason: 'failed', message: error instanceof Error ? error.message : String(error), stderr: null, wallMs: null,
  }));
  const facts: Facts = { options: parsed.options, runtime, runtimeProblem: problem, probe };
  const checks = startChecks(CHECKS, facts);
  const report = Promise.all(checks.map((check) => check.result)).then(async (lines) =>
    buildReport({ facts, probe: await probe, checks: lines, startedAt, durationMs: performance.now() - started }),
  );
  return { checks, report };
}

// An unresolvable runtime is a finding of the `executable` check, not an exception.
async function resolveOrExplain(input: ResolveRuntimeOptions, options: ResolvedPreflightOptions): Promise<{ runtime: Runtime | null; problem: RuntimeProblem | null }> {
  try {
    return { runtime: await resolveRuntime(input), problem: null };
  } catch (error) {
    if (isTtsError(error, 'INVALID_CONFIG')) throw error;
    const code = isTtsError(error) ? error.code : 'EXECUTABLE_NOT_FOUND';
    const message = isTtsError(error) ? error.shortMessage : error instanceof Error ? error.message : String(error);
    return { runtime: null, problem: { code, message, hint: hintFor(code, input, options, error) } };
  }
}

function hintFor(code: string, input: ResolveRuntimeOptions, options: ResolvedPreflightOptions, error: unknown): string {
  const provision = `pocket-tts-runtime provision --home ${quote(options.home)}`;
  if (input.executable !== undefined) return isTtsError(error) ? error.hint : `${provision} --mode system --executable /path/to/pocket-tts`;
  return code === 'RUNTIME_BROKEN' ? `${provision} --force` : provision;
}
