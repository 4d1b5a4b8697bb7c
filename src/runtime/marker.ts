import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/write-atomic.js';
import type { Runtime } from './types.js';

/** The completion marker's file name: a runtime folder without it is never used. */
export const MARKER = 'runtime.json';

const prefixSchema = z.object({ file: z.string(), args: z.array(z.string()) });

/** zod schema of runtime.json (checked on every read: a hand-edited or truncated marker is refused). */
export const runtimeSchema = z.object({
  schemaVersion: z.literal(1),
  mode: z.enum(['venv', 'uvx', 'system']),
  id: z.string(),
  path: z.string(),
  home: z.string(),
  pocketTts: prefixSchema,
  python: prefixSchema.nullable(),
  versions: z.object({ pocketTts: z.string(), torch: z.string().nullable(), python: z.string().nullable() }),
  env: z.record(z.string(), z.string()),
  caches: z.object({ hfHome: z.string(), hfHubCache: z.string(), pocketTts: z.string(), uv: z.string().nullable() }),
  installer: z.enum(['uv', 'pip']).nullable(),
  inputs: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  reused: z.boolean(),
}) satisfies z.ZodType<Runtime>;

/**
 * The part of a runtime's environment that belongs on disk: everything but HF_HUB_OFFLINE. Offline is a
 * property of an invocation or the configuration, never of a runtime (a failed `setup --offline` once left
 * it in the marker and made every later command offline); markers of older versions that hold it are read
 * without it.
 */
export function persistentEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const { HF_HUB_OFFLINE: _offline, ...rest } = env;
  return rest;
}

/** Reads and validates a marker; null when absent or invalid (an incomplete runtime). */
export async function readMarker(dir: string): Promise<Runtime | null> {
  try {
    const parsed = runtimeSchema.safeParse(JSON.parse(await readFile(join(dir, MARKER), 'utf8')));
    return parsed.success ? { ...parsed.data, env: persistentEnv(parsed.data.env) } : null;
  } catch {
    return null;
  }
}

/** Writes the completion marker (last step of an install), without the invocation's offline setting. */
export async function writeMarker(dir: string, runtime: Runtime): Promise<void> {
  await writeFileAtomic(join(dir, MARKER), `${JSON.stringify({ ...runtime, env: persistentEnv(runtime.env) }, null, 2)}\n`);
}
