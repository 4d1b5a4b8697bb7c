// Samples the engine's processes while a cell runs: CPU time over the cell, peak memory during it.
import { setTimeout as sleep } from 'node:timers/promises';
import { descendantUsage, type UsageSnapshot } from './proc-usage.js';
import type { ProcessScope } from './types.js';

/** Resources of the engine's processes over one measured span; null where the scope or platform cannot tell. */
export interface BenchUsage {
  /** CPU time (user + system) used during the span, by every process of the scope, exited ones included. */
  cpuMs: number | null;
  /** Highest sum of the processes' resident memory seen at one sample. */
  peakRssBytes: number | null;
  /** Most processes alive at one sample. */
  peakProcesses: number | null;
  /** Snapshots taken (start and end included). */
  samples: number;
}

/** A running sampler; stop() takes the last snapshot and returns the span's usage. */
export interface UsageSampler {
  stop(): Promise<BenchUsage>;
}

/** Takes a first snapshot, then one every `intervalMs` until stop(). */
export async function startSampler(scope: ProcessScope, intervalMs = 50): Promise<UsageSampler> {
  const snapshot = snapshotFor(scope);
  const first = await snapshot();
  const peak = { rss: first?.rssBytes ?? 0, processes: first?.processes ?? 0, samples: 1 };
  const note = (snap: UsageSnapshot | null): void => {
    peak.samples += 1;
    peak.rss = Math.max(peak.rss, snap?.rssBytes ?? 0);
    peak.processes = Math.max(peak.processes, snap?.processes ?? 0);
  };
  const stopped = new AbortController();
  const loop = (async () => {
    while (!stopped.signal.aborted) {
      await sleep(intervalMs, undefined, { signal: stopped.signal }).catch(() => undefined);
      if (!stopped.signal.aborted) note(await snapshot());
    }
  })();
  return {
    async stop() {
      stopped.abort();
      await loop;
      const last = await snapshot();
      note(last);
      if (first === null || last === null) return { cpuMs: null, peakRssBytes: null, peakProcesses: null, samples: peak.samples };
      return { cpuMs: Math.max(0, last.cpuMs - first.cpuMs), peakRssBytes: peak.rss, peakProcesses: peak.processes, samples: peak.samples };
    },
  };
}

function snapshotFor(scope: ProcessScope): () => Promise<UsageSnapshot | null> {
  if (scope === 'descendants') return () => descendantUsage();
  if (scope === 'none') return () => Promise.resolve(null);
  // An in-process engine: this whole process (the harness's own small share included).
  return () => {
    const { user, system } = process.cpuUsage();
    return Promise.resolve({ cpuMs: (user + system) / 1000, rssBytes: process.memoryUsage.rss(), processes: 1 });
  };
}
