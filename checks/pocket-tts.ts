// pocket-tts: a supported release is installed, imports, and so does every dependency it declares.
import { fail, packageFix, pass, probed, quote, skip, warn } from '../src/preflight/facts/outcomes.js';
import type { DependencyFact, ProbeFacts } from '../src/preflight/facts/probe-schema.js';
import { defineCheck, type CheckOutcome, type Facts } from '../src/preflight/facts/types.js';
import { POCKET_TTS_VERSION } from '../src/pins.js';
import { NEWEST_RELEASE, SUPPORTED_VERSIONS, baseVersion, nearestSupported, supportedRelease } from '../src/pocket-tts/index.js';

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
  // Reinstalling keeps the installed release when it is supported: a fix never changes the version behind the user's back.
  const keep = p.distVersion !== null && supportedRelease(p.distVersion) !== undefined ? baseVersion(p.distVersion) : POCKET_TTS_VERSION;
  const fix = packageFix(facts, `pocket-tts==${keep}`);
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
  if (supportedRelease(version) !== undefined) return [];
  const nearest = nearestSupported(version).version;
  return [`pocket-tts ${version} is not a supported release (supported: ${SUPPORTED_VERSIONS.join(', ')}); the nearest supported one is ${nearest}, and the toolkit behaves as for ${NEWEST_RELEASE.version}`];
}

// The double is replaced by a provision with the default pins; a release outside the set by the nearest supported
// one (never a blind downgrade to the pin); a dependency caveat keeps the installed release.
function upgradeHint(double: boolean, version: string, facts: Facts): string {
  const target = double ? POCKET_TTS_VERSION : supportedRelease(version) !== undefined ? baseVersion(version) : nearestSupported(version).version;
  if (facts.runtime?.mode === 'system') return packageFix(facts, `pocket-tts==${target}`);
  if (double || supportedRelease(version) === undefined) {
    return ['pocket-tts-runtime', 'provision', '--home', facts.options.home, ...(target === POCKET_TTS_VERSION ? [] : ['--pocket-tts-version', target])].map(quote).join(' ');
  }
  return packageFix(facts, `pocket-tts==${target}`);
}

function brokenText(d: DependencyFact): string {
  return `${d.name} (${d.error?.line ?? 'unknown error'})`;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}
