// Starts a shell fixture through spawnEngine and waits until its whole tree exists.
import { once } from 'node:events';
import { join } from 'node:path';
import { spawnEngine, type EngineSubprocess } from '../../src/process/index.js';
import { processGroupMembers, waitUntil } from '../support/processes.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A running fixture: its subprocess, pid (= pgid) and every member of its group once all were started. */
export interface RunningTree {
  subprocess: EngineSubprocess;
  pid: number;
  members: number[];
}

/** Runs `fixtures/<script>` with /bin/sh as a group leader; resolves after "ready" and `members` processes exist. */
export async function startTree(script: string, members: number): Promise<RunningTree> {
  const subprocess = spawnEngine({ file: '/bin/sh', args: [] }, [join(FIXTURES, script)], {
    env: { PATH: process.env.PATH ?? '' },
    stdin: 'ignore',
  });
  subprocess.stderr.resume();
  await once(subprocess.stdout, 'data');
  const pid = subprocess.pid ?? Number.NaN;
  let found: number[] = [];
  await waitUntil(async () => (found = await processGroupMembers(pid)).length >= members, { what: `${members} members of group ${pid}` });
  return { subprocess, pid, members: found };
}
