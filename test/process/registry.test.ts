import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { killAllGroups, liveGroups, terminateTree } from '../../src/process/index.js';
import { isAlive, processGroupMembers, waitUntil } from '../support/processes.js';
import { buildProcessModule } from './build-process-module.js';
import { FIXTURES, startTree } from './tree.js';

// A failed test must not leave its tree running until the end of the run.
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone: the expected case.
  }
}

describe('registry, in this process', () => {
  it('tracks a group while its leader lives, and loads signal handlers only meanwhile', async () => {
    const baseline = process.listeners('SIGTERM').length;
    const t = await startTree('tree.sh', 5);
    expect(liveGroups()).toContain(t.pid);
    expect(process.listeners('SIGTERM').length).toBe(baseline + 1);
    await terminateTree(t.subprocess, { graceMs: 2_000 });
    expect(liveGroups()).not.toContain(t.pid);
    expect(process.listeners('SIGTERM').length).toBe(baseline);
  });

  it('killAllGroups sends SIGKILL to every live group at once', async () => {
    const [a, b] = await Promise.all([startTree('stubborn.sh', 4), startTree('tree.sh', 5)]);
    killAllGroups();
    await Promise.all([a.subprocess, b.subprocess]);
    expect(a.subprocess.signalCode).toBe('SIGKILL');
    expect(b.subprocess.signalCode).toBe('SIGKILL');
    await waitUntil(async () => (await processGroupMembers(a.pid)).length + (await processGroupMembers(b.pid)).length === 0, { what: 'both groups to die' });
    expect(liveGroups()).toEqual([]);
  });

  it('sweeps what is left of a group when its leader exits by itself', async () => {
    const t = await startTree('tree.sh', 5);
    process.kill(t.pid, 'SIGKILL'); // The leader alone: its children and the orphan live on until the sweep.
    await t.subprocess;
    await waitUntil(async () => (await processGroupMembers(t.pid)).length === 0, { what: 'the sweep', timeoutMs: 2_000 });
    for (const pid of t.members) expect(await isAlive(pid)).toBe(false);
  });
});

describe('registry, when the Node process that spawned the groups ends', () => {
  let module: Awaited<ReturnType<typeof buildProcessModule>>;
  beforeAll(async () => {
    module = await buildProcessModule();
  }, 120_000);
  afterAll(async () => {
    await module.cleanup();
  });

  it.each([
    ['SIGTERM', { signal: 'SIGTERM', exitCode: undefined }],
    ['SIGINT', { signal: 'SIGINT', exitCode: undefined }],
    ['SIGHUP', { signal: 'SIGHUP', exitCode: undefined }],
    ['exit', { signal: undefined, exitCode: 0 }],
    ['throw', { signal: undefined, exitCode: 1 }],
  ] as const)('%s: every group dies and Node ends as it would have', async (how, expected) => {
    const node = execa(process.execPath, [module.childScript, join(FIXTURES, 'tree.sh')], { reject: false });
    const line = await new Promise<string>((resolve) => node.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    const { pgid } = JSON.parse(line) as { pgid: number };
    let members: number[] = [];
    await waitUntil(async () => (members = await processGroupMembers(pgid)).length >= 5, { what: 'the tree' });
    onTestFinished(() => killGroup(pgid));
    const started = performance.now();
    if (how.startsWith('SIG')) process.kill(node.pid ?? 0, how);
    else node.stdin.write(`${how}\n`);
    const result = await node;
    await waitUntil(async () => (await processGroupMembers(pgid)).length === 0, { what: `group ${pgid} to die`, timeoutMs: 2_000 });
    const ms = performance.now() - started;
    expect({ signal: result.signal, exitCode: result.exitCode }).toEqual(expected);
    for (const pid of members) expect(await isAlive(pid)).toBe(false);
    console.info(`registry (${how}): node ended and group of ${members.length} gone in ${ms.toFixed(0)} ms`);
  });
});
