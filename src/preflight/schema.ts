// The `--json` report, versioned and validated by an exported zod schema (`preflightReportSchema`).
import { z } from 'zod';
import { probeFactsSchema } from './facts/probe-schema.js';
import { CHECK_IDS } from '../../checks/index.js';

/** Bumped on any incompatible change of the report's shape. */
export const PREFLIGHT_SCHEMA_VERSION = 1;

/** One line of the report. */
export const checkReportSchema = z.object({
  id: z.enum(CHECK_IDS),
  title: z.string(),
  status: z.enum(['pass', 'warn', 'fail', 'skip']),
  message: z.string(),
  /** The fix: an exact command or setting; null when there is nothing to do. */
  hint: z.string().nullable(),
  durationMs: z.number().min(0),
  details: z.record(z.string(), z.unknown()),
});

const runtimeFactsSchema = z.object({
  id: z.string(),
  mode: z.enum(['venv', 'uvx', 'system']),
  path: z.string(),
  home: z.string(),
  command: z.array(z.string()),
  python: z.array(z.string()).nullable(),
  /** Installed versions as probed (falling back to what provision recorded). */
  versions: z.object({ pocketTts: z.string().nullable(), torch: z.string().nullable(), python: z.string().nullable() }),
  caches: z.object({ hfHome: z.string(), hfHubCache: z.string(), pocketTts: z.string(), uv: z.string().nullable() }),
  offline: z.boolean(),
});

const probeReportSchema = z.object({
  ok: z.boolean(),
  /** Why there are no facts: no-runtime, no-python, failed. */
  reason: z.enum(['no-runtime', 'no-python', 'failed']).nullable(),
  message: z.string().nullable(),
  /** Wall time of the probe process as seen from Node. */
  wallMs: z.number().nullable(),
  facts: probeFactsSchema.nullable(),
});

/** The whole report: `preflight()`'s return value and `preflight --json`'s output. */
export const preflightReportSchema = z.object({
  schemaVersion: z.literal(PREFLIGHT_SCHEMA_VERSION),
  /** 0 when every check passed (warnings allowed unless strict), else 1. */
  exitCode: z.union([z.literal(0), z.literal(1)]),
  ok: z.boolean(),
  strict: z.boolean(),
  startedAt: z.string(),
  durationMs: z.number().min(0),
  summary: z.object({ pass: z.number().int(), warn: z.number().int(), fail: z.number().int(), skip: z.number().int() }),
  checks: z.array(checkReportSchema),
  runtime: runtimeFactsSchema.nullable(),
  probe: probeReportSchema,
});

/** The preflight report. */
export type PreflightReport = z.infer<typeof preflightReportSchema>;
/** One check's line in the report. */
export type CheckReport = z.infer<typeof checkReportSchema>;
/** The runtime's facts in the report. */
export type RuntimeFacts = z.infer<typeof runtimeFactsSchema>;
