// memory: available memory covers the configured workers (~0.5 GiB each, ~0.25 GiB quantized).
import { freemem } from 'node:os';
import { formatBytes } from '../src/preflight/facts/fs.js';
import { fail, pass, warn } from '../src/preflight/facts/outcomes.js';
import { defineCheck, type CheckOutcome } from '../src/preflight/facts/types.js';

const GiB = 1024 ** 3;
/** Resident memory of one pocket-tts process (upstream: ~450 MB, ~234 MB with --quantize), rounded up. */
export const WORKER_BYTES = { full: 0.5 * GiB, quantized: 0.25 * GiB } as const;

/** The `memory` check. */
export const memory = defineCheck({
  id: 'memory',
  title: 'Memory',
  needsRuntime: false,
  run(facts) {
    const workers = facts.options.server?.workers ?? 1;
    return judgeMemory(availableMemory(), workers, facts.options.quantize);
  },
});

/** The verdict for the available bytes (pure: exported for table tests). */
export function judgeMemory(available: number, workers: number, quantize: boolean): CheckOutcome {
  const need = workers * (quantize ? WORKER_BYTES.quantized : WORKER_BYTES.full);
  const details = { availableBytes: available, neededBytes: need, workers, quantize };
  const what = workers === 1 ? `1 worker${quantize ? ' (quantized)' : ''} needs` : `${workers} workers${quantize ? ' (quantized)' : ''} need`;
  if (available < need) {
    const hint = quantize ? `use fewer workers: --workers ${Math.max(1, Math.floor(available / WORKER_BYTES.quantized))}` : 'quantize the workers (--quantize) or use fewer (--workers N)';
    return fail(`${formatBytes(available)} available, ${what} ~${formatBytes(need)}`, hint, details);
  }
  // Under 25% headroom the machine will swap or OOM-kill as soon as anything else grows.
  if (available < need * 1.25) return warn(`${formatBytes(available)} available, ${what} ~${formatBytes(need)}: little headroom`, 'quantize the workers (--quantize) or use fewer (--workers N)', details);
  return pass(`${formatBytes(available)} available, ${what} ~${formatBytes(need)}`, details);
}

// cgroup-aware where Node provides it (containers): a limit below the host's free memory wins.
function availableMemory(): number {
  return typeof process.availableMemory === 'function' ? process.availableMemory() : freemem();
}
