import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TtsError } from '../errors/index.js';

/** A configured voices manifest (file, environment or flag) that does not exist: an error, never a quiet skip. */
export function missingManifest(file: string): TtsError {
  return new TtsError('INVALID_CONFIG', `voices manifest ${file} does not exist`, {
    field: 'voices.manifest',
    hint: `Create ${file} (e.g. {"voices": []}), or fix "voices.manifest" in the configuration.`,
  });
}

/** Throws for a configured manifest that does not exist (the default voices.json may be absent: `optional`). */
export async function assertManifest(file: string | undefined, optional: boolean): Promise<void> {
  if (file === undefined || optional) return;
  const exists = await access(resolve(file)).then(
    () => true,
    () => false,
  );
  if (!exists) throw missingManifest(resolve(file));
}
