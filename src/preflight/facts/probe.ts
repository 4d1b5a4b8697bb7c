// Runs the one Python probe of a preflight: the runtime's own interpreter + `probe_runtime.py`.
import { execa } from 'execa';
import { assetPath } from '../../assets.js';
import { ENGINE_ENV_OVERRIDES } from '../../process/env.js';
import type { CommandPrefix, Runtime } from '../../runtime/types.js';
import { probeFactsSchema, type ProbeOutcome } from './probe-schema.js';

const PROBE_TIMEOUT_MS = 120_000;

/** The probe's command line and environment (also used by the benchmark to time the probe alone). */
export interface ProbeCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * The environment pocket-tts itself gets (caller's env, then the runtime's, then the engine overrides),
 * so the probe sees the same PYTHONPATH, caches and offline flag; bytecode is not written into the runtime.
 */
export function probeEnv(runtime: Pick<Runtime, 'env'>, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const merged: Record<string, string | undefined> = { ...env, ...runtime.env, PYTHONDONTWRITEBYTECODE: '1', ...ENGINE_ENV_OVERRIDES };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** `python [...args] probe_runtime.py` with {@link probeEnv}. */
export function probeCommand(python: CommandPrefix, runtime: Pick<Runtime, 'env'>, env: Readonly<Record<string, string | undefined>>): ProbeCommand {
  return { file: python.file, args: [...python.args, assetPath('src', 'python', 'probe_runtime.py')], env: probeEnv(runtime, env) };
}

/** Runs the probe once; never rejects (a failure is an outcome the checks report). */
export async function runProbe(runtime: Runtime | null, env: Readonly<Record<string, string | undefined>>): Promise<ProbeOutcome> {
  if (runtime === null) return { ok: false, reason: 'no-runtime', message: 'no runtime', stderr: null, wallMs: null };
  if (runtime.python === null) {
    const message = `the ${runtime.mode} runtime's Python is not known (${runtime.pocketTts.file} is not a Python console script with a #! line)`;
    return { ok: false, reason: 'no-python', message, stderr: null, wallMs: null };
  }
  const command = probeCommand(runtime.python, runtime, env);
  const started = performance.now();
  const result = await execa(command.file, command.args, { env: command.env, extendEnv: false, reject: false, stdin: 'ignore', timeout: PROBE_TIMEOUT_MS });
  const wallMs = performance.now() - started;
  const stderr = tail(result.stderr);
  if (result.failed) return { ok: false, reason: 'failed', message: lastLine(result.stderr) ?? result.shortMessage ?? 'the probe failed', stderr, wallMs };
  const parsed = probeFactsSchema.safeParse(lastJson(result.stdout));
  if (!parsed.success) return { ok: false, reason: 'failed', message: `the probe printed no valid report: ${lastLine(result.stdout) ?? '(nothing)'}`, stderr, wallMs };
  return { ok: true, facts: parsed.data, wallMs };
}

function lastJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    return null;
  }
}

function lastLine(text: string): string | undefined {
  return text.trim().split('\n').pop()?.trim() || undefined;
}

function tail(text: string, count = 12): string | null {
  const lines = text.trim().split('\n').slice(-count).join('\n');
  return lines === '' ? null : lines;
}
