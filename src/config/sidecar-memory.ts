// What one `pocket-tts serve` sidecar needs in memory, and what the machine has: the one source for the
// pool's default size and preflight's memory check.
import { availableParallelism, freemem } from 'node:os';

/**
 * Memory of one sidecar, measured on the real pocket-tts (random weights, torch 2.13 CPU): peak RSS (VmHWM)
 * 1.19 GB on 2.1.0 and 1.26 GB on 3.3.0/4.0.1, reached while the model loads (the float32 state dict and the
 * model coexist), with `--quantize` too (the weights load in float32 first); after the load 0.76-1.03 GB,
 * growing with concurrent requests (research FINDINGS 4b, `evidence/rss.py`). Budgeted with headroom.
 */
export const SIDECAR_MEMORY = {
  /** Budget per sidecar while its model loads (quantized or not). */
  peakBytes: 1.3e9,
  /** Budget per sidecar once loaded and serving. */
  steadyBytes: 1.05e9,
} as const;

/** Facts the pool's default size depends on (read from the machine unless given: tests inject them). */
export interface MachineFacts {
  /** `os.availableParallelism()`. */
  cores: number;
  /** Available memory: `process.availableMemory()` (cgroup-aware) where Node has it, else `os.freemem()`. */
  availableBytes: number;
}

/** Available memory, cgroup-aware where Node provides it (containers): a limit below the host's free memory wins. */
export function availableMemory(): number {
  return typeof process.availableMemory === 'function' ? process.availableMemory() : freemem();
}

/** This machine's facts, with any given ones in their place. */
export function machineFacts(given: Partial<MachineFacts> = {}): MachineFacts {
  return { cores: given.cores ?? availableParallelism(), availableBytes: given.availableBytes ?? availableMemory() };
}

/** How many sidecars fit in `availableBytes` at their load peak (0 when not even one does). */
export function sidecarsThatFit(availableBytes: number): number {
  return Math.max(0, Math.floor(availableBytes / SIDECAR_MEMORY.peakBytes));
}
