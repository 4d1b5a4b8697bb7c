import { describe, expect, it } from 'vitest';
import { SIDECAR_MEMORY, machineFacts } from '../../../src/config/sidecar-memory.js';
import { defaultWorkers, resolveServerOptions } from '../../../src/engines/pool/index.js';

const GB = 1e9;

describe('the pool\'s default size follows cores and available memory', () => {
  it.each([
    ['plenty of memory: one per core', { cores: 2, availableBytes: 24 * GB }, 2],
    ['many cores, memory for 3 sidecars at their load peak', { cores: 16, availableBytes: 4 * GB }, 3],
    ['2 cores, 2 GB: one sidecar (two would need 2.6 GB while loading)', { cores: 2, availableBytes: 2 * GB }, 1],
    ['not even one fits: still 1 (preflight says why)', { cores: 8, availableBytes: 0.5 * GB }, 1],
  ])('%s', (_name, machine, workers) => {
    expect(defaultWorkers(machine)).toBe(workers);
  });

  it('budgets a sidecar at its measured load peak (1.19-1.26 GB on the real pocket-tts), quantized or not', () => {
    expect(SIDECAR_MEMORY.peakBytes).toBeGreaterThanOrEqual(1.26e9);
    expect(defaultWorkers({ cores: 4, availableBytes: 2.6 * GB })).toBe(2);
  });

  it('reads the machine for facts not given; an explicit worker count or a URL wins', () => {
    expect(machineFacts({ cores: 3 }).cores).toBe(3);
    expect(machineFacts().availableBytes).toBeGreaterThan(0);
    expect(resolveServerOptions({ workers: 5 }).workers).toBe(5);
    expect(resolveServerOptions({ url: 'http://127.0.0.1:8000' }).workers).toBe(2);
  });
});
