// Assembles the report from the check lines and the facts (summary, exit code, runtime facts).
import { effectiveHfHome, effectiveHubCache, effectiveOffline, pocketTtsCacheDir } from './facts/effective.js';
import type { ProbeOutcome } from './facts/probe-schema.js';
import { PREFLIGHT_SCHEMA_VERSION, type CheckReport, type PreflightReport, type RuntimeFacts } from './schema.js';
import type { Facts } from './facts/types.js';

/** What the report is made of. */
export interface ReportInput {
  facts: Omit<Facts, 'probe'>;
  probe: ProbeOutcome;
  checks: readonly CheckReport[];
  startedAt: Date;
  durationMs: number;
}

/** The report; exit code 1 on any failure, or on any warning when strict. */
export function buildReport(input: ReportInput): PreflightReport {
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of input.checks) summary[check.status] += 1;
  const strict = input.facts.options.strict;
  const exitCode = summary.fail > 0 || (strict && summary.warn > 0) ? 1 : 0;
  return {
    schemaVersion: PREFLIGHT_SCHEMA_VERSION,
    exitCode,
    ok: exitCode === 0,
    strict,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs * 10) / 10,
    summary,
    checks: [...input.checks],
    runtime: runtimeFacts(input.facts, input.probe),
    probe: input.probe.ok
      ? { ok: true, reason: null, message: null, wallMs: round(input.probe.wallMs), facts: input.probe.facts }
      : { ok: false, reason: input.probe.reason, message: input.probe.message, wallMs: input.probe.wallMs === null ? null : round(input.probe.wallMs), facts: null },
  };
}

// The facts a reader needs to act on the report; the runtime's env is not copied (no secrets by design).
function runtimeFacts(facts: Omit<Facts, 'probe'>, probe: ProbeOutcome): RuntimeFacts | null {
  const runtime = facts.runtime;
  if (runtime === null) return null;
  const probed = probe.ok ? probe.facts : null;
  const withRuntime = { ...facts, runtime };
  return {
    id: runtime.id,
    mode: runtime.mode,
    path: runtime.path,
    home: runtime.home,
    command: [runtime.pocketTts.file, ...runtime.pocketTts.args],
    python: runtime.python === null ? null : [runtime.python.file, ...runtime.python.args],
    versions: {
      pocketTts: probed?.pocketTts?.distVersion ?? runtime.versions.pocketTts,
      torch: probed?.torch?.version ?? probed?.torch?.distVersion ?? runtime.versions.torch,
      python: probed?.python.version ?? runtime.versions.python,
    },
    caches: { hfHome: effectiveHfHome(withRuntime), hfHubCache: effectiveHubCache(withRuntime), pocketTts: pocketTtsCacheDir(facts), uv: runtime.caches.uv },
    offline: effectiveOffline(facts),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
