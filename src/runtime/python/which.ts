import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * Resolves a command to an absolute executable path: paths are checked as given, bare names are looked
 * up on the PATH of `env` (not necessarily this process's PATH, so tests can pass their own).
 */
export async function which(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (command.includes('/')) {
    const file = isAbsolute(command) ? command : resolve(command);
    return (await isExecutableFile(file)) ? file : undefined;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, command);
    if (await isExecutableFile(file)) return file;
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
