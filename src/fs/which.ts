import { accessSync, constants, statSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where a command may be: a path (containing `/`) as given, resolved against the working directory; a bare
 * name in each directory of `env`'s PATH (not necessarily this process's PATH, so tests can pass their own).
 */
function candidates(command: string, env: Env): string[] {
  if (command.includes('/')) return [isAbsolute(command) ? command : resolve(command)];
  return (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, command));
}

/** Resolves a command to an absolute executable file, or undefined. */
export async function which(command: string, env: Env): Promise<string | undefined> {
  for (const file of candidates(command, env)) {
    if (await isExecutableFile(file)) return file;
  }
  return undefined;
}

/** {@link which}, synchronously: for the moment just before a spawn, which is synchronous too. */
export function whichSync(command: string, env: Env): string | undefined {
  return candidates(command, env).find(isExecutableFileSync);
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function isExecutableFileSync(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
