import { execa } from 'execa';
import { z } from 'zod';
import { assetPath } from '../assets.js';
import { TtsError } from '../errors/index.js';
import { helpWorked } from '../process/exit-abort.js';
import type { CommandPrefix } from './types.js';

const versionsSchema = z.object({ python: z.string(), torch: z.string(), pocketTts: z.string(), cuda: z.string().nullable().default(null) });
/** Versions reported by a runtime's own Python. */
export type RuntimeVersions = z.infer<typeof versionsSchema>;

const VERIFY_TIMEOUT_MS = 120_000;

/**
 * Proves a runtime works before it is marked complete: its Python imports torch and pocket_tts, and
 * `pocket-tts --help` exits 0. Returns the installed versions.
 */
export async function verifyRuntime(python: CommandPrefix | null, pocketTts: CommandPrefix, env: NodeJS.ProcessEnv): Promise<RuntimeVersions | null> {
  const versions = python === null ? null : await importCheck(python, env);
  const help = await execa(pocketTts.file, [...pocketTts.args, '--help'], { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: VERIFY_TIMEOUT_MS });
  if (!helpWorked(help)) {
    throw new TtsError('RUNTIME_BROKEN', '`pocket-tts --help` failed', { ...exitOf(help.exitCode), stderr: lastLines(help.stderr || (help.message ?? '')), cause: help });
  }
  return versions;
}

async function importCheck(python: CommandPrefix, env: NodeJS.ProcessEnv): Promise<RuntimeVersions> {
  const result = await execa(python.file, [...python.args, assetPath('src', 'python', 'verify_runtime.py')], {
    env: { ...env, PYTHONDONTWRITEBYTECODE: '1' },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: VERIFY_TIMEOUT_MS,
  });
  if (result.failed) {
    throw new TtsError('RUNTIME_BROKEN', `the runtime's Python cannot import torch and pocket_tts: ${lastLine(result.stderr) ?? result.shortMessage}`, {
      ...exitOf(result.exitCode),
      stderr: lastLines(result.stderr),
      cause: result,
    });
  }
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return versionsSchema.parse(JSON.parse(line));
}

function exitOf(code: number | undefined): { exitCode?: number } {
  return code === undefined ? {} : { exitCode: code };
}

function lastLine(text: string): string | undefined {
  return text.trim().split('\n').pop()?.trim() || undefined;
}

function lastLines(text: string, count = 12): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
