// executable: the runtime resolves, its `pocket-tts` is runnable, and the console script's code loads.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { execa } from 'execa';
import { fail, pass, reprovisionCommand } from '../src/preflight/facts/outcomes.js';
import { probeEnv } from '../src/preflight/facts/probe.js';
import { scriptInterpreter } from '../src/preflight/facts/script.js';
import { defineCheck, type Facts } from '../src/preflight/facts/types.js';
import { helpWorked } from '../src/process/exit-abort.js';
import type { Runtime } from '../src/runtime/types.js';

const HELP_TIMEOUT_MS = 60_000;

/** The `executable` check. */
export const executable = defineCheck({
  id: 'executable',
  title: 'pocket-tts executable',
  needsRuntime: false,
  async run(facts) {
    if (facts.runtime === null) {
      const problem = facts.runtimeProblem;
      return fail(problem?.message ?? 'no runtime', problem?.hint ?? null, { code: problem?.code ?? null });
    }
    const runtime = facts.runtime;
    const broken = (await fileProblem(runtime)) ?? (await startProblem(runtime, facts));
    if (broken !== null) return fail(broken, reprovisionCommand(facts), describe(runtime));
    return pass(`${runtime.mode} runtime ${runtime.id}: ${commandLine(runtime)}`, describe(runtime));
  },
});

// The program and, for a script, its `#!` interpreter must both exist and be executable.
async function fileProblem(runtime: Runtime): Promise<string | null> {
  const file = runtime.pocketTts.file;
  if (!(await isExecutable(file))) return `${file} is missing or not executable`;
  const interpreter = await scriptInterpreter(file);
  if (interpreter !== null && !(await isExecutable(interpreter))) return `${file} starts ${interpreter}, which is missing (was the runtime moved or its Python removed?)`;
  return null;
}

// With the runtime's Python known, the probe loaded the console script's entry point: no second process.
// Without it, `pocket-tts --help` is the only way to prove the program starts.
async function startProblem(runtime: Runtime, facts: Facts): Promise<string | null> {
  const probe = await facts.probe;
  if (!probe.ok) return probe.reason === 'no-python' ? helpProblem(runtime, facts) : null;
  const pocketTts = probe.facts.pocketTts;
  const entry = pocketTts?.entryPoint;
  // An import failure of pocket_tts itself is the pocket-tts check's finding, not repeated here.
  if (pocketTts === undefined || pocketTts.error !== null || entry == null || entry.error === null) return null;
  return `the pocket-tts command (${entry.value ?? 'console script'}) does not load: ${entry.error.line}`;
}

async function helpProblem(runtime: Runtime, facts: Facts): Promise<string | null> {
  const result = await execa(runtime.pocketTts.file, [...runtime.pocketTts.args, '--help'], {
    env: probeEnv(runtime, facts.options.env), extendEnv: false, reject: false, stdin: 'ignore', timeout: HELP_TIMEOUT_MS,
  });
  if (helpWorked(result)) return null;
  const last = result.stderr.trim().split('\n').pop()?.trim();
  return `\`pocket-tts --help\` failed (${result.exitCode === undefined ? result.shortMessage : `exit ${result.exitCode}`})${last ? `: ${last}` : ''}`;
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(() => true, () => false);
}

function commandLine(runtime: Runtime): string {
  return [runtime.pocketTts.file, ...runtime.pocketTts.args].join(' ');
}

function describe(runtime: Runtime): Record<string, unknown> {
  return { mode: runtime.mode, id: runtime.id, path: runtime.path, command: [runtime.pocketTts.file, ...runtime.pocketTts.args] };
}

