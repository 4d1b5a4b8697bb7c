// torch: importable, >= 2.5.0 on the public version, and preferably the CPU build.
import semver from 'semver';
import { fail, packageFix, pass, probed, skip, warn } from '../src/preflight/facts/outcomes.js';
import type { ProbeFacts } from '../src/preflight/facts/probe-schema.js';
import { defineCheck, type CheckOutcome, type Facts } from '../src/preflight/facts/types.js';
import { TORCH_CPU_INDEX_URL, TORCH_MIN_VERSION, TORCH_VERSION } from '../src/pins.js';

type TorchFacts = NonNullable<ProbeFacts['torch']>;

/** The `torch` check. */
export const torch = defineCheck({
  id: 'torch',
  title: 'PyTorch',
  needsRuntime: true,
  async run(facts) {
    const probe = await probed(facts);
    if (!probe.ok) return probe.outcome;
    const torchFacts = probe.facts.torch;
    if (torchFacts === undefined) return skip('this Python is too old to be probed (see python)');
    return judgeTorch(torchFacts, facts);
  },
});

/** The verdict on the probe's torch facts (pure: exported for table tests). */
export function judgeTorch(t: TorchFacts, facts: Facts): CheckOutcome {
  const fix = packageFix(facts, `torch==${TORCH_VERSION}`, TORCH_CPU_INDEX_URL);
  const details = { version: t.version ?? t.distVersion, cuda: t.cuda, file: t.file, double: t.double, error: t.error };
  if (t.error !== null) return fail(`import torch fails: ${t.error.line}`, fix, details);
  const version = t.version ?? t.distVersion ?? 'unknown';
  const parsed = semver.coerce(version.split('+')[0] ?? '');
  if (parsed === null) return warn(`torch ${version}: cannot read the version (pocket-tts needs >= ${TORCH_MIN_VERSION})`, fix, details);
  if (semver.lt(parsed, TORCH_MIN_VERSION)) {
    return fail(`torch ${version} is older than ${TORCH_MIN_VERSION}: pocket-tts requires torch>=${TORCH_MIN_VERSION} (PyTorch 2.4 produced wrong audio)`, fix, details);
  }
  const cuda = cudaOf(t, version);
  if (cuda !== null) {
    return warn(`torch ${version} is a CUDA build (CUDA ${cuda}): 2+ GB on disk and no speed-up, pocket-tts runs on the CPU`, fix, details);
  }
  return pass(`torch ${version} (CPU build)${t.double ? ', contract double' : ''}`, details);
}

// torch.version.cuda says it; a `+cuXYZ` local label says it too when the attribute is missing.
function cudaOf(t: TorchFacts, version: string): string | null {
  if (t.cuda !== null) return t.cuda;
  const label = /\+cu(\d+)(\d)$/.exec(version);
  return label === null ? null : `${label[1]}.${label[2]}`;
}
