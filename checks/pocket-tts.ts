// pocket-tts: the pinned version is installed, imports, and so does every dependency it declares.
import { fail, packageFix, pass, probed, quote, skip, warn } from '../src/preflight/facts/outcomes.js';
import type { DependencyFact, ProbeFacts } from '../src/preflight/facts/probe-schema.js';
import { defineCheck, type CheckOutcome, type Facts } from '../src/preflight/facts/types.js';
import { POCKET_TTS_VERSION } from '../src/pins.js';

/** The `pocket-tts` check. */
export const pocketTts = defineCheck({
  id: 'pocket-tts',
  title: 'pocket-tts package',
  needsRuntime: true,
  async run(facts) {
    const probe = await probed(facts);
    if (!probe.ok) return probe.outcome;
    return judgePocketTts(probe.facts, facts);
  },
});

/** The verdict on the probe's pocket-tts and dependency facts (pure: exported for table tests). */
export function judgePocketTts(probe: ProbeFacts, facts: Facts): CheckOutcome {
  const p = probe.pocketTts;
  if (p === undefined) return skip('this Python is too old to be probed (see python)');
  const deps = (probe.dependencies ?? []).filter((d) => normalize(d.name) !== 'torch');
  const fix = packageFix(facts, `pocket-tts==${POCKET_TTS_VERSION}`);
  const details = { version: p.distVersion, double: p.double, file: p.file, dependencies: probe.dependencies ?? [] };
  if (p.distVersion === null) return fail('pocket-tts is not installed in the runtime', fix, details);
  if (p.error !== null) {
    const cause = probe.torch?.error != null ? 'import pocket_tts fails because import torch does (see torch)' : `import pocket_tts fails: ${p.error.line}`;
    return fail(cause, fix, details);
  }
  const broken = deps.filter((d) => d.error !== null);
  if (broken.length > 0) return fail(`${broken.length} of ${deps.length} dependencies do not import: ${broken.map(brokenText).join('; ')}`, fix, details);
  const caveats = [...versionCaveat(p.distVersion, p.double), ...deps.filter((d) => d.satisfied === false).map((d) => `${d.name} ${d.version ?? '?'} does not satisfy ${d.requirement}`)];
  if (caveats.length > 0) return warn(caveats.join('; '), upgradeHint(p.double, p.distVersion, facts), details);
  return pass(`pocket-tts ${p.distVersion}; ${deps.length} dependencies import${deps.length > 0 ? ` (${deps.map((d) => `${d.name} ${d.version ?? '?'}`).join(', ')})` : ''}`, details);
}

function versionCaveat(version: string, double: boolean): string[] {
  if (double) return [`contract double installed: no real speech (pocket-tts ${version})`];
  return version.split('+')[0] === POCKET_TTS_VERSION ? [] : [`pocket-tts ${version} is untested (this package is tested with ${POCKET_TTS_VERSION})`];
}

// The double and untested versions are replaced by a provision with the default pins (from the package index).
function upgradeHint(double: boolean, version: string, facts: Facts): string {
  if (facts.runtime?.mode === 'system') return packageFix(facts, `pocket-tts==${POCKET_TTS_VERSION}`);
  if (double || version.split('+')[0] !== POCKET_TTS_VERSION) return `pocket-tts-runtime provision --home ${quote(facts.options.home)}`;
  return packageFix(facts, `pocket-tts==${POCKET_TTS_VERSION}`);
}

function brokenText(d: DependencyFact): string {
  return `${d.name} (${d.error?.line ?? 'unknown error'})`;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}
