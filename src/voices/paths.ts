// Where the voices manifest and the exported voices live, by default and per voice.
import { dirname, join, resolve } from 'node:path';

/** The manifest's default file name, in the working directory. */
export const DEFAULT_MANIFEST = 'voices.json';

/** The exported voices' folder, relative to the manifest's folder (preflight's default, relative to the cwd). */
export const VOICES_SUBDIR = join('.pocket-tts', 'voices');

/** The index file's name inside the voices folder. */
export const INDEX_FILE = 'index.json';

/** The default voices folder for a manifest file: `.pocket-tts/voices/` beside it. */
export function defaultVoicesDir(manifestFile: string): string {
  return join(dirname(resolve(manifestFile)), VOICES_SUBDIR);
}

/** The exported state file of a voice, inside the voices folder. */
export function voiceFileName(name: string): string {
  return `${name}.safetensors`;
}

/** Unfinished outputs are written here, then renamed into place: a killed run leaves nothing half-written beside the index. */
export function partialDir(dir: string): string {
  return join(dir, '.partial');
}

/** A voice's temp output for this process. */
export function partialFile(dir: string, name: string): string {
  return join(partialDir(dir), `${name}.${process.pid}.safetensors`);
}

/** The lock that serialises exports into one folder. */
export function lockFile(dir: string): string {
  return join(dir, '.lock');
}
