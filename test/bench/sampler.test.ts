import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { descendantUsage, parseProcTimes, parseRssBytes, startSampler } from '../../src/bench/index.js';

// A Node child that burns `ms` of CPU, optionally holds `mib` of touched memory for `holdMs`, then prints
// the CPU time it used over its whole life (start-up included).
const CHILD = `
const [ms, mib, holdMs] = process.argv.slice(1).map(Number);
const held = Buffer.alloc(mib * 1024 * 1024, 1);
const start = process.cpuUsage();
while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < ms);
setTimeout(() => { const u = process.cpuUsage(); console.log((u.user + u.system) / 1000, held.length); }, holdMs);
`;

async function child(ms: number, mib = 0, holdMs = 0): Promise<number> {
  const { stdout } = await execa(process.execPath, ['-e', CHILD, String(ms), String(mib), String(holdMs)]);
  return Number(stdout.split(' ')[0]);
}

describe.skipIf(process.platform !== 'linux')('engine process sampling', () => {
  it('counts the CPU of processes that exited between two samples', async () => {
    const sampler = await startSampler('descendants', 60_000); // No sample while the children live.
    const reported = (await Promise.all([child(150), child(150)])).reduce((a, b) => a + b) + (await child(100));
    const usage = await sampler.stop();
    expect(usage.samples).toBe(2);
    // The children's own account, give or take clock ticks (10 ms each) and their exit after printing.
    expect(usage.cpuMs).toBeGreaterThanOrEqual(reported - 30);
    expect(usage.cpuMs).toBeLessThan(reported + 150);
  });

  it('records the peak memory and process count of live descendants', async () => {
    const sampler = await startSampler('descendants', 20);
    await Promise.all([child(10, 64, 400), child(10, 64, 400)]);
    const usage = await sampler.stop();
    expect(usage.peakProcesses).toBe(2);
    expect(usage.peakRssBytes).toBeGreaterThan(2 * 64 * 1024 ** 2);
    expect(usage.samples).toBeGreaterThan(5);
    const idle = await descendantUsage();
    expect(idle?.processes).toBe(0);
    expect(idle?.rssBytes).toBe(0);
  });

  it('measures this process for in-process engines and nothing for remote ones', async () => {
    const self = await startSampler('self', 20);
    const start = process.cpuUsage();
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 100);
    const usage = await self.stop();
    expect(usage.cpuMs).toBeGreaterThanOrEqual(100);
    expect(usage.peakProcesses).toBe(1);
    expect(await (await startSampler('none')).stop()).toMatchObject({ cpuMs: null, peakRssBytes: null, peakProcesses: null });
  });
});

describe('/proc parsing', () => {
  it('reads utime, stime, cutime, cstime after a command name with spaces and parentheses', () => {
    const stat = '1234 (a (b) c) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 40 7 3 20 0 1 0 555 1000 200';
    expect(parseProcTimes(stat)).toEqual({ utime: 250, stime: 40, cutime: 7, cstime: 3 });
    expect(parseProcTimes('')).toBeNull();
  });

  it('reads VmRSS in bytes, 0 when absent', () => {
    expect(parseRssBytes('Name:\tpython3\nVmRSS:\t   20480 kB\nThreads:\t1\n')).toBe(20 * 1024 * 1024);
    expect(parseRssBytes('Name:\tzombie\nState:\tZ (zombie)\n')).toBe(0);
  });
});
