import { vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';

/** Where and with which variables to run (the test's own process: cwd and env are restored after). */
export interface InProcessOptions {
  cwd?: string;
  /** Variables set for the run; `undefined` removes one. */
  env?: Record<string, string | undefined>;
}

/** Runs the CLI in this process (from the sources), capturing what it prints; for usage and config errors. */
export async function runInProcess(args: readonly string[], options: InProcessOptions = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const previous = process.exitCode;
  const cwd = process.cwd();
  process.exitCode = undefined;
  for (const [name, value] of Object.entries({ CI: '1', NO_COLOR: '1', ...options.env })) vi.stubEnv(name, value);
  if (options.cwd !== undefined) process.chdir(options.cwd);
  try {
    const exitCode = await runCli(args);
    return { exitCode, stdout, stderr };
  } finally {
    process.chdir(cwd);
    vi.unstubAllEnvs();
    out.mockRestore();
    err.mockRestore();
    process.exitCode = previous;
  }
}
