// The supported pocket-tts releases, as data in one place: every consumer (argv, sidecar client, WAV repair,
// preflight, prefetch, synthetic cache, voice export) reads the installed version's row from here.
import { HUB_2_1_0, HUB_3_3_0, HUB_4_0_1 } from './hub-pins.js';
import type { PocketTtsRelease } from './types.js';

const CATALOG_2_1_0 = [
  'alba', 'marius', 'javert', 'jean', 'fantine', 'cosette', 'eponine', 'azelma', 'anna', 'vera', 'charles', 'paul',
  'george', 'mary', 'jane', 'michael', 'eve', 'bill_boerst', 'peter_yearsley', 'stuart_bell', 'caro_davy', 'giovanni',
  'lola', 'juergen', 'rafael', 'estelle',
] as const;
const CATALOG_3_3_0 = [...CATALOG_2_1_0, 'daan'] as const;

const REQUIRES_2_1_0 = ['beartype', 'einops', 'fastapi', 'huggingface-hub', 'numpy', 'pydantic', 'python-multipart', 'requests', 'safetensors', 'scipy', 'sentencepiece', 'typer', 'typing-extensions', 'uvicorn'];
const REQUIRES_3_3_0 = [...REQUIRES_2_1_0.filter((name) => name !== 'beartype'), 'tokenizers'].sort();

const GENERATE_2_1_0 = ['--text', '--voice', '--quiet', '--language', '--config', '--lsd-decode-steps', '--temperature', '--noise-clamp', '--eos-threshold', '--frames-after-eos', '--output-path', '--device', '--max-tokens', '--quantize'];
const SERVE_2_1_0 = ['--host', '--port', '--reload', '--language', '--config', '--quantize'];

/** 2.1.0: the first contract (pocket-tts-contract.md). */
const V2_1_0: PocketTtsRelease = {
  version: '2.1.0',
  requires: REQUIRES_2_1_0,
  generateFlags: GENERATE_2_1_0,
  serveFlags: SERVE_2_1_0,
  decodeStepsFlag: '--lsd-decode-steps',
  serveFormFields: ['text', 'voice_url', 'voice_wav'],
  wavHeader: 'placeholder',
  languages: HUB_2_1_0,
  catalogVoices: CATALOG_2_1_0,
  voicePin: 'e041936c75475d350b405bc870bcf7c22da4e9e6',
  serveLoadsDefaultVoice: false,
  voiceStateFormat: 'kv-cache-1',
};

/** 3.3.0: the latest 3.x (3.0.0 is unimportable); tokenizer.json, `daan`, `french`, real file sizes. */
const V3_3_0: PocketTtsRelease = {
  version: '3.3.0',
  requires: REQUIRES_3_3_0,
  generateFlags: [...GENERATE_2_1_0, '--checkpoint', '--sampler-decode-steps'],
  serveFlags: [...SERVE_2_1_0, '--default-voice'],
  decodeStepsFlag: '--sampler-decode-steps',
  serveFormFields: ['text', 'voice_url', 'voice_wav'],
  wavHeader: 'real-sizes',
  languages: HUB_3_3_0,
  catalogVoices: CATALOG_3_3_0,
  voicePin: '4e1e0a3e611c51c0b4ed8174fc10f32a54644303',
  serveLoadsDefaultVoice: true,
  voiceStateFormat: 'kv-cache-2',
};

/** 4.0.1: the latest release; 3.3.0's interface with new pins and configs. */
const V4_0_1: PocketTtsRelease = { ...V3_3_0, version: '4.0.1', languages: HUB_4_0_1, voicePin: 'a7056f505a4a8ca72d8b5fb1440071d6f1a35739' };

/** The supported set, oldest first. */
export const SUPPORTED_RELEASES: readonly PocketTtsRelease[] = [V2_1_0, V3_3_0, V4_0_1];

/** The supported versions, oldest first. */
export const SUPPORTED_VERSIONS: readonly string[] = SUPPORTED_RELEASES.map((release) => release.version);

/** The newest supported release: the row used for a version outside the set. */
export const NEWEST_RELEASE = SUPPORTED_RELEASES[SUPPORTED_RELEASES.length - 1] as PocketTtsRelease;

/** The release part of an installed version: `2.1.0+double` → `2.1.0`. */
export function baseVersion(version: string): string {
  return version.split('+')[0] ?? version;
}

/** True for the contract double's version (`2.1.0+double`): its speech and voice states are synthetic noise. */
export function isContractDouble(version: string): boolean {
  return version.includes('+double');
}

/** What every command says where the double speaks (the README promises it is never taken for speech). */
export const DOUBLE_NOTICE = 'the contract double ran: the audio is SYNTHETIC (shaped noise, not words); run `pocket-tts-runtime setup --engine real` for pocket-tts';

/** The supported row of exactly this version (local labels like `+double` ignored), or undefined. */
export function supportedRelease(version: string): PocketTtsRelease | undefined {
  const base = baseVersion(version);
  return SUPPORTED_RELEASES.find((release) => release.version === base);
}

/** The row the toolkit follows for an installed version: its own, or the newest supported one outside the set. */
export function releaseFor(version: string | null | undefined): PocketTtsRelease {
  return (version == null ? undefined : supportedRelease(version)) ?? NEWEST_RELEASE;
}

/** The supported release nearest to a version: same major.minor first, then by distance in (major, minor, patch). */
export function nearestSupported(version: string): PocketTtsRelease {
  const target = numbers(version);
  if (target === null) return NEWEST_RELEASE;
  let best = NEWEST_RELEASE;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const release of SUPPORTED_RELEASES) {
    const have = numbers(release.version) as [number, number, number];
    const distance = Math.abs(have[0] - target[0]) * 1e6 + Math.abs(have[1] - target[1]) * 1e3 + Math.abs(have[2] - target[2]);
    if (distance <= bestDistance) [best, bestDistance] = [release, distance];
  }
  return best;
}

/** Every language any supported release packages (validate against one release with `release.languages`). */
export const ALL_LANGUAGES: readonly string[] = [...new Set(SUPPORTED_RELEASES.flatMap((release) => Object.keys(release.languages)))];

function numbers(version: string): [number, number, number] | null {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(baseVersion(version));
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}
