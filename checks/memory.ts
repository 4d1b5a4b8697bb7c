// memory: available memory covers the configured pool's sidecars at their model-load peak.
import { SIDECAR_MEMORY, availableMemory, sidecarsThatFit } from '../src/config/sidecar-memory.js';
import { formatBytes } from '../src/preflight/facts/fs.js';
import { fail, pass, warn } from '../src/preflight/facts/outcomes.js';
import { defineCheck, type CheckOutcome } from '../src/preflight/facts/types.js';

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

/**
 * The verdict for the available bytes (pure: exported for table tests). Each sidecar is budgeted at its
 * load peak (SIDECAR_MEMORY, measured on the real pocket-tts); `--quantize` does not lower that peak.
 */
export function judgeMemory(available: number, workers: number, quantize: boolean): CheckOutcome {
  const each = SIDECAR_MEMORY.peakBytes;
  const need = workers * each;
  const details = { availableBytes: available, neededBytes: need, perWorkerBytes: each, workers, quantize };
  const what = `${workers === 1 ? '1 worker needs' : `${workers} workers need`} ~${formatBytes(need)} (~${formatBytes(each)} per sidecar while its model loads${quantize ? ', quantized too' : ''})`;
  const fits = sidecarsThatFit(available);
  const fewer = fits === 0 ? 'free memory: not even one sidecar fits' : `use fewer workers: --workers ${fits}`;
  if (available < need) return fail(`${formatBytes(available)} available, ${what}`, fewer, details);
  // Under 25% headroom the machine will swap or OOM-kill as soon as anything else grows.
  if (available < need * 1.25) return warn(`${formatBytes(available)} available, ${what}: little headroom`, fits > 1 && fits - 1 < workers ? `use fewer workers: --workers ${fits - 1}` : 'free memory, or use fewer workers', details);
  return pass(`${formatBytes(available)} available, ${what}`, details);
}
