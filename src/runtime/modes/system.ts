import { open, realpath } from 'node:fs/promises';
import { basename } from 'node:path';
import { TtsError } from '../../errors/index.js';
import type { ResolvedProvisionOptions } from '../options.js';
import { runtimeId } from '../options.js';
import { which } from '../../fs/which.js';
import type { CommandPrefix } from '../types.js';
import type { ModePlan } from './plan.js';

/** system mode: an existing `pocket-tts` (explicit path or on PATH), used as it is. */
export async function planSystem(opts: ResolvedProvisionOptions): Promise<ModePlan> {
  const executable = await findPocketTts(opts.executable, opts.env);
  const python = await shebangPython(executable, opts.env);
  const inputs = { mode: 'system', executable };
  return {
    id: runtimeId('system', inputs),
    inputs,
    installer: null,
    usesUv: false,
    summary: `pocket-tts at ${executable}${python === null ? '' : ` (Python ${python.file})`}`,
    reachabilityUrl: null,
    commands: () => [],
    prefixes: () => ({ pocketTts: { file: executable, args: [] }, python }),
  };
}

/** The real path of the requested (or PATH's) `pocket-tts`, or EXECUTABLE_NOT_FOUND. */
export async function findPocketTts(requested: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const found = await which(requested ?? 'pocket-tts', env);
  if (found === undefined) {
    throw new TtsError('EXECUTABLE_NOT_FOUND', requested === undefined ? 'pocket-tts is not on PATH' : `${requested} is not an executable file`, {
      hint: 'Pass --executable /path/to/pocket-tts, or let this package install one: `pocket-tts-runtime provision` (venv mode).',
    });
  }
  return realpath(found);
}

/**
 * The interpreter a console script runs with, read from its `#!` line (`#!/venv/bin/python` or
 * `#!/usr/bin/env python3`); null for binaries and non-Python scripts.
 */
export async function shebangPython(file: string, env: NodeJS.ProcessEnv): Promise<CommandPrefix | null> {
  const line = await firstLine(file);
  if (!line.startsWith('#!')) return null;
  const [program, ...rest] = line.slice(2).trim().split(/\s+/);
  if (program === undefined) return null;
  if (basename(program) === 'env') {
    const [name, ...args] = rest.filter((a) => !a.startsWith('-'));
    const resolved = name === undefined || !isPythonName(name) ? undefined : await which(name, env);
    return resolved === undefined ? null : { file: resolved, args };
  }
  return isPythonName(basename(program)) ? { file: program, args: rest } : null;
}

function isPythonName(name: string): boolean {
  return /^python(\d+(\.\d+)?)?$/.test(name);
}

async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
  } finally {
    await handle.close();
  }
}
