import { describe, expect, it } from 'vitest';
import { groupAlive, listProcesses, parseProcStat, processAlive, readProcStat } from '../../src/process/index.js';

describe('parseProcStat', () => {
  it.each([
    ['1234 (sleep) S 1200 1234 1234 0 -1 4194304', { pid: 1234, comm: 'sleep', state: 'S', ppid: 1200, pgrp: 1234 }],
    ['77 (a (weird) name) Z 1 70 70 0', { pid: 77, comm: 'a (weird) name', state: 'Z', ppid: 1, pgrp: 70 }],
    ['9 (with space) R 2 9 9', { pid: 9, comm: 'with space', state: 'R', ppid: 2, pgrp: 9 }],
  ])('%j', (text, expected) => {
    expect(parseProcStat(text)).toEqual(expected);
  });

  it.each(['', 'garbage', '12 (x'])('refuses %j', (text) => {
    expect(parseProcStat(text)).toBeNull();
  });
});

describe('/proc readers', () => {
  it('see this process and its group', async () => {
    const self = await readProcStat(process.pid);
    expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid });
    expect((await listProcesses())?.some((p) => p.pid === process.pid)).toBe(true);
    expect(await processAlive(process.pid)).toBe(true);
    expect(await groupAlive(self?.pgrp ?? 0)).toBe(true);
  });

  it('say no for processes and groups that do not exist', async () => {
    const unused = 4_195_000; // Above Linux's PID_MAX_LIMIT (2^22): no process can have this id.
    expect(await readProcStat(unused)).toBeNull();
    expect(await processAlive(unused)).toBe(false);
    expect(await groupAlive(unused)).toBe(false);
  });
});
