import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder, found from this module whether it runs from `src/` or from `dist/src/`. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isOurManifest(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('pocket-tts-runtime: cannot find its own package.json');
    dir = parent;
  }
}

function isOurManifest(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'pocket-tts-runtime';
  } catch {
    return false;
  }
}

/** Absolute path of a file shipped with the package (Python helpers, the double's sources). */
export function assetPath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** This package's version, read once. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
