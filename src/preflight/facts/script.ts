// Which interpreter a console script starts: a moved or deleted venv leaves scripts pointing nowhere.
import { open } from 'node:fs/promises';

/**
 * The absolute interpreter path of a script: `#!/venv/bin/python`, or pip's long-path form
 * (`#!/bin/sh` then `'''exec' "/venv/bin/python" "$0" "$@"`). Null for binaries and `#!/usr/bin/env …`.
 */
export async function scriptInterpreter(file: string): Promise<string | null> {
  const head = await readHead(file);
  if (!head.startsWith('#!')) return null;
  const [first = '', second = ''] = head.split('\n');
  const program = first.slice(2).trim().split(/\s+/)[0] ?? '';
  if (program === '/bin/sh') return /^'''exec' "([^"]+)"/.exec(second)?.[1] ?? null;
  if (!program.startsWith('/') || program.endsWith('/env')) return null;
  return program;
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return '';
  try {
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
