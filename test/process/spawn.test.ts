import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { engineEnv, liveGroups, spawnEngine, terminateTree, watchStderr, LineRing } from '../../src/process/index.js';

const SH = { file: '/bin/sh', args: ['-c'] } as const;
const env = { PATH: process.env.PATH ?? '' };

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('spawnEngine', () => {
  it('runs the prefix then the arguments, as the leader of its own process group', async () => {
    const subprocess = spawnEngine(SH, ['cat /proc/self/stat; echo " $0 $1"', 'zero', 'one'], { env });
    subprocess.stdin.end();
    const out = (await readAll(subprocess.stdout)).toString();
    const fields = out.slice(out.lastIndexOf(')') + 2).split(' ');
    expect(Number(fields[2])).toBe(subprocess.pid); // pgrp
    expect(Number(fields[3])).toBe(subprocess.pid); // session: detached means setsid()
    expect(out.trimEnd().endsWith(' zero one')).toBe(true);
    expect((await subprocess).exitCode).toBe(0);
  });

  it('gives exactly the environment passed (the parent environment is not merged in)', async () => {
    const subprocess = spawnEngine(SH, ['env'], { env: { ...env, ONLY_THIS: 'yes' }, stdin: 'ignore' });
    const lines = (await readAll(subprocess.stdout)).toString().trim().split('\n').sort();
    expect(lines.filter((l) => !l.startsWith('PWD=') && !l.startsWith('SHLVL=') && !l.startsWith('_='))).toEqual(['ONLY_THIS=yes', `PATH=${env.PATH}`]);
  });

  it('streams stdout as raw bytes and pipes stdin', async () => {
    const subprocess = spawnEngine(SH, ['cat'], { env });
    const bytes = Buffer.from([0, 255, 1, 128, 10, 13, 0]);
    subprocess.stdin.end(bytes);
    expect(await readAll(subprocess.stdout)).toEqual(bytes);
  });

  it('reports a failure as a result, never a rejection, and stderr reaches watchStderr', async () => {
    const subprocess = spawnEngine(SH, ['printf "INFO: a\\nERROR: b" >&2; exit 3'], { env, stdin: 'ignore' });
    const ring = new LineRing();
    const levels: Array<string | null> = [];
    subprocess.stdout.resume();
    const watched = watchStderr(subprocess.stderr, { ring, onLine: (line) => levels.push(line.level) });
    const result = await subprocess;
    await watched;
    expect(result.exitCode).toBe(3);
    expect(result.failed).toBe(true);
    expect(ring.lines()).toEqual(['INFO: a', 'ERROR: b']);
    expect(levels).toEqual(['INFO', 'ERROR']);
  });

  it('reports a program that does not exist as ENOENT, without registering anything', async () => {
    const before = liveGroups();
    const subprocess = spawnEngine({ file: '/nonexistent/pocket-tts', args: [] }, ['generate'], { env });
    const result = await subprocess;
    expect(result.failed).toBe(true);
    expect(result.code).toBe('ENOENT');
    expect(liveGroups()).toEqual(before);
  });

  it('registers the group until the leader exits', async () => {
    const subprocess = spawnEngine(SH, ['sleep 5'], { env, stdin: 'ignore' });
    expect(liveGroups()).toContain(subprocess.pid);
    await terminateTree(subprocess, { graceMs: 1_000 });
    expect(liveGroups()).not.toContain(subprocess.pid);
  });

  it('runs with the engine environment (PYTHONUNBUFFERED, _TYPER_STANDARD_TRACEBACK, NO_COLOR)', async () => {
    const subprocess = spawnEngine(SH, ['echo "$PYTHONUNBUFFERED$_TYPER_STANDARD_TRACEBACK$NO_COLOR $HF_HUB_OFFLINE"'], {
      env: engineEnv({ env: { HF_HUB_OFFLINE: '1' } }),
      stdin: 'ignore',
    });
    const [chunk] = (await once(subprocess.stdout, 'data')) as [Buffer];
    expect(chunk.toString()).toBe('111 1\n');
    await subprocess;
  });

  it('keeps its pid readable in /proc while running (sanity of the group check)', async () => {
    const subprocess = spawnEngine(SH, ['sleep 5'], { env, stdin: 'ignore' });
    expect(await readFile(`/proc/${subprocess.pid}/stat`, 'utf8')).toContain('(sh)');
    await terminateTree(subprocess, { graceMs: 1_000 });
  });
});
