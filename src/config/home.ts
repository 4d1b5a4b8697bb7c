import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { TtsError } from '../errors/index.js';
import { whyNotWritable } from '../fs/writable.js';

/** The environment variable that moves the package's home (runtimes, wheelhouses, reports). */
export const HOME_ENV = 'POCKET_TTS_RUNTIME_HOME';

/**
 * The package's home folder: `--home`, else `POCKET_TTS_RUNTIME_HOME`, else the platform's data folder
 * (`~/.local/share/pocket-tts-runtime` on Linux, from env-paths).
 */
export function resolveHome(home: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = home ?? nonEmpty(env[HOME_ENV]);
  if (chosen !== undefined) return resolve(chosen);
  return envPaths('pocket-tts-runtime', { suffix: '' }).data;
}

/** The user's home as Python sees it (`~` expands from HOME first), for caches that follow HOME. */
export function userHome(env: NodeJS.ProcessEnv = process.env): string {
  return nonEmpty(env.HOME) ?? homedir();
}

/** Folders below the home, in one place. */
export function homeLayout(home: string): { runtimes: string; current: string; doubleWheelhouse: string; voices: string } {
  return {
    runtimes: join(home, 'runtimes'),
    current: join(home, 'runtimes', 'current'),
    doubleWheelhouse: join(home, 'double-wheelhouse'),
    voices: join(home, 'voices'),
  };
}

/** `undefined` for unset and empty variables alike (an empty HF_HOME means "not set" to users). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Throws INVALID_CONFIG (field `home`, the errno in words) when the home cannot be created or written. */
export async function assertWritableHome(home: string): Promise<void> {
  const why = await whyNotWritable(home);
  if (why === null) return;
  throw new TtsError('INVALID_CONFIG', `the home ${home} cannot be written: ${why.path} ${why.reason}`, {
    field: 'home',
    hint: 'Use a writable folder as the home: --home DIR, POCKET_TTS_RUNTIME_HOME, or "home" in pocket-tts-runtime.config.json.',
    details: { ...why },
  });
}
