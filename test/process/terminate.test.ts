import { afterEach, describe, expect, it } from 'vitest';
import { liveGroups, terminateTree } from '../../src/process/index.js';
import { descendantsOf, isAlive, processGroupMembers, waitUntil } from '../support/processes.js';
import { startTree, type RunningTree } from './tree.js';

const started: RunningTree[] = [];
async function tree(script: string, members: number): Promise<RunningTree> {
  const t = await startTree(script, members);
  started.push(t);
  return t;
}

// Whatever a failed test left behind dies here, not at the end of the run.
afterEach(() => {
  for (const t of started.splice(0)) {
    try {
      process.kill(-t.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

async function expectAllGone(t: RunningTree): Promise<void> {
  expect(await processGroupMembers(t.pid)).toEqual([]);
  for (const pid of t.members) expect(await isAlive(pid), `pid ${pid}`).toBe(false);
}

describe('terminateTree', () => {
  it('kills a tree with grandchildren and an orphan: no descendant, no group member left', async () => {
    const t = await tree('tree.sh', 5);
    expect((await descendantsOf(t.pid)).length).toBeGreaterThanOrEqual(3);
    const started = performance.now();
    const result = await terminateTree(t.subprocess, { graceMs: 3_000 });
    const ms = performance.now() - started;
    expect(result).toEqual({ signal: 'SIGTERM', exitCode: null, forced: false });
    expect(ms).toBeLessThan(1_000);
    await expectAllGone(t);
    expect(await descendantsOf(t.pid)).toEqual([]);
    console.info(`terminateTree(tree.sh, 5 processes): SIGTERM was enough, ${ms.toFixed(0)} ms`);
  });

  it('escalates to SIGKILL when the whole tree ignores SIGTERM', async () => {
    const t = await tree('stubborn.sh', 4);
    const graceMs = 500;
    const started = performance.now();
    const result = await terminateTree(t.subprocess, { graceMs });
    const ms = performance.now() - started;
    expect(result).toEqual({ signal: 'SIGKILL', exitCode: null, forced: true });
    expect(ms).toBeGreaterThanOrEqual(graceMs - 5);
    expect(ms).toBeLessThan(graceMs + 1_000);
    await expectAllGone(t);
    console.info(`terminateTree(stubborn.sh, grace ${graceMs} ms): forced, ${ms.toFixed(0)} ms`);
  });

  it('escalates when only a grandchild survives SIGTERM (the leader died at once)', async () => {
    const t = await tree('stubborn-grandchild.sh', 3);
    const started = performance.now();
    const result = await terminateTree(t.subprocess, { graceMs: 400 });
    const ms = performance.now() - started;
    expect(result).toEqual({ signal: 'SIGTERM', exitCode: null, forced: true });
    expect(ms).toBeGreaterThanOrEqual(395);
    expect(ms).toBeLessThan(1_400);
    await expectAllGone(t);
  });

  it('keeps the group registered while it terminates, and forgets it after', async () => {
    const t = await tree('stubborn-grandchild.sh', 3);
    const done = terminateTree(t.subprocess, { graceMs: 300 });
    await waitUntil(() => t.subprocess.exitCode !== null || t.subprocess.signalCode !== null, { what: 'the leader to exit' });
    // The leader is gone but the grandchild is not: Node exiting now must still kill it.
    expect(liveGroups()).toContain(t.pid);
    await done;
    expect(liveGroups()).not.toContain(t.pid);
  });

  it('accepts a bare pid', async () => {
    const t = await tree('stubborn.sh', 4);
    const result = await terminateTree(t.pid, { graceMs: 300 });
    expect(result).toEqual({ signal: 'SIGKILL', exitCode: null, forced: true });
    await expectAllGone(t);
  });

  it('is safe to call twice at once, and again after the exit', async () => {
    const t = await tree('tree.sh', 5);
    const [a, b] = await Promise.all([terminateTree(t.subprocess, { graceMs: 2_000 }), terminateTree(t.subprocess, { graceMs: 2_000 })]);
    expect(a).toEqual({ signal: 'SIGTERM', exitCode: null, forced: false });
    expect(b).toEqual(a);
    const started = performance.now();
    expect(await terminateTree(t.subprocess)).toEqual({ signal: 'SIGTERM', exitCode: null, forced: false });
    expect(await terminateTree(t.pid, { graceMs: 100 })).toEqual({ signal: null, exitCode: null, forced: false });
    // At once, not after the 5 s default grace (a bound far from both: the machine may be shared).
    expect(performance.now() - started).toBeLessThan(2_000);
    await expectAllGone(t);
  });

  it('reports an exit code when the process ended by itself', async () => {
    const t = await tree('tree.sh', 5);
    process.kill(-t.pid, 'SIGKILL');
    await t.subprocess;
    expect(await terminateTree(t.subprocess)).toEqual({ signal: 'SIGKILL', exitCode: null, forced: false });
  });
});
