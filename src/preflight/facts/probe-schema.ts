// The JSON line `src/python/probe_runtime.py` prints, validated so a check never reads a missing field.
import { z } from 'zod';

/** A Python exception as data: its type name and the last `Type: message` line. */
export const pythonErrorSchema = z.object({ type: z.string(), line: z.string() });

/** One `Requires-Dist` of pocket-tts: installed version, import outcome, and whether the pin holds. */
export const dependencyFactSchema = z.object({
  name: z.string(),
  requirement: z.string(),
  specifier: z.string(),
  module: z.string(),
  version: z.string().nullable(),
  /** null when the specifier could not be evaluated. */
  satisfied: z.boolean().nullable(),
  error: pythonErrorSchema.nullable(),
});

const pythonFactsSchema = z.object({
  version: z.string(),
  executable: z.string(),
  realpath: z.string(),
  prefix: z.string(),
  basePrefix: z.string(),
  implementation: z.string(),
  pythonpath: z.boolean(),
});

const torchFactsSchema = z.object({
  version: z.string().nullable(),
  distVersion: z.string().nullable(),
  cuda: z.string().nullable(),
  cudaAvailable: z.boolean().nullable(),
  file: z.string().nullable(),
  double: z.boolean(),
  error: pythonErrorSchema.nullable(),
});

const pocketTtsFactsSchema = z.object({
  distVersion: z.string().nullable(),
  version: z.string().nullable(),
  double: z.boolean(),
  file: z.string().nullable(),
  requiresPython: z.string().nullable(),
  requiresPythonSatisfied: z.boolean().nullable(),
  error: pythonErrorSchema.nullable(),
  entryPoint: z.object({ value: z.string().nullable(), error: pythonErrorSchema.nullable() }).nullable(),
});

/** Everything the probe reports. `torch`, `pocketTts` and `dependencies` are absent on Python < 3.8. */
export const probeFactsSchema = z.object({
  schemaVersion: z.literal(1),
  python: pythonFactsSchema,
  metadata: z.boolean(),
  torch: torchFactsSchema.optional(),
  pocketTts: pocketTtsFactsSchema.optional(),
  dependencies: z.array(dependencyFactSchema).optional(),
  /** The probe's own time inside Python (after interpreter start-up). */
  durationMs: z.number(),
});

/** Parsed probe output. */
export type ProbeFacts = z.infer<typeof probeFactsSchema>;
/** A Python exception as data. */
export type PythonError = z.infer<typeof pythonErrorSchema>;
/** One dependency's facts. */
export type DependencyFact = z.infer<typeof dependencyFactSchema>;

/** How the probe went: its facts, or why there are none. */
export type ProbeOutcome =
  | { ok: true; facts: ProbeFacts; wallMs: number }
  | {
      ok: false;
      /** no-runtime: nothing resolved; no-python: the runtime's Python is unknown; failed: it did not answer. */
      reason: 'no-runtime' | 'no-python' | 'failed';
      message: string;
      stderr: string | null;
      wallMs: number | null;
    };
