import { execa } from 'execa';
import { z } from 'zod';
import { assetPath } from '../../assets.js';

/** What the probe snippet reports about an interpreter. */
export const pythonInfoSchema = z.object({
  executable: z.string(),
  realpath: z.string(),
  version: z.string(),
  implementation: z.string(),
  prefix: z.string(),
  basePrefix: z.string(),
  venv: z.boolean(),
  ensurepip: z.boolean(),
  /** pip's version in this interpreter, or null (pip >= 22.3 can install into a pip-less venv). */
  pip: z.string().nullable(),
});
export type PythonInfo = z.infer<typeof pythonInfoSchema>;

/** A probe either reports facts or says in one line why it could not. */
export type ProbeOutcome = { ok: true; info: PythonInfo } | { ok: false; reason: string };

const PROBE_TIMEOUT_MS = 15_000;

/** Runs the probe snippet once with the interpreter at `file`. */
export async function probePython(file: string, env: NodeJS.ProcessEnv): Promise<ProbeOutcome> {
  const result = await execa(file, [assetPath('src', 'python', 'probe_python.py')], {
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: PROBE_TIMEOUT_MS,
  });
  if (result.timedOut) return { ok: false, reason: `did not answer within ${PROBE_TIMEOUT_MS / 1000} s` };
  if (result.failed) return { ok: false, reason: failureReason(result.exitCode, result.stderr, result.message ?? '') };
  return parseProbe(result.stdout);
}

/** Parses the snippet's JSON line; anything else is a rejection reason. */
export function parseProbe(stdout: string): ProbeOutcome {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = pythonInfoSchema.safeParse(JSON.parse(line));
    if (parsed.success) return { ok: true, info: parsed.data };
  } catch {
    // Fall through: not JSON.
  }
  return { ok: false, reason: `printed something that is not the probe's report: ${JSON.stringify(line.slice(0, 120))}` };
}

function failureReason(exitCode: number | undefined, stderr: string, message: string): string {
  const last = stderr.trim().split('\n').pop()?.trim();
  if (exitCode === undefined) return `could not be started (${message.split('\n')[0] ?? 'unknown error'})`;
  return `exited with code ${exitCode}${last ? `: ${last}` : ''}`;
}
