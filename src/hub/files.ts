// The Hugging Face files each language needs (the installed release's built-in configs, pinned commits), and
// where huggingface_hub keeps them. Shared by preflight's offline check and setup's prefetch.
import { join } from 'node:path';
import { TtsError } from '../errors/index.js';
import { POCKET_TTS_VERSION } from '../pins.js';
import { releaseFor, type LanguageHub, type PocketTtsRelease } from '../pocket-tts/index.js';

/** The gated repo: weights with voice cloning (needs accepted terms and a token). */
export const GATED_REPO = 'kyutai/pocket-tts';
/** The open repo: weights without voice cloning, tokenizers and catalog voice states. */
export const OPEN_REPO = 'kyutai/pocket-tts-without-voice-cloning';
/** Commits 2.1.0's configs pin (kept for callers of 0.1; every release's pins are in src/pocket-tts/). */
export const HUB_COMMITS = {
  gated: '39592ff23c9ef80098bb74895d104c26275fe2c9',
  gatedEnglish202604: '19f95fe2df36e79fbd9f10008595cc4c977a0fcc',
  open: 'd29db7978e464fb90cb3359ee0c69a273b9142cc',
  voices: 'e041936c75475d350b405bc870bcf7c22da4e9e6',
} as const;

/** What a file is for: the offline check treats `weights` as satisfied by `weights-cloning`. */
export type HubFileKind = 'tokenizer' | 'weights' | 'weights-cloning' | 'voice';

/** One pinned file of the Hub. */
export interface HubFile {
  /** `owner/name`. */
  repo: string;
  /** A commit hash (never a branch: pinned files are answered from the cache without network). */
  revision: string;
  /** Path inside the repo. */
  path: string;
  /** False for the gated weights: without them pocket-tts only loses voice cloning. */
  required: boolean;
  kind: HubFileKind;
  /** For humans: `tokenizer (english)`. */
  purpose: string;
}

/** What to list: a language, the catalog voices used with it, and whether voices from audio are configured. */
export interface HubFilesRequest {
  language: string;
  /** Catalog voices (default: the language's default voice, which `serve` pre-loads). */
  catalogVoices?: readonly string[];
  /** Include the gated weights with voice cloning (optional files). */
  cloning?: boolean;
  /** The installed pocket-tts version whose config pins apply (default: the pin; outside the set: the newest row). */
  version?: string;
}

/** The tokenizer at the path and commit the language's config names (not always `languages/<L>/`). */
export function tokenizerFile(language: string, release: PocketTtsRelease = releaseFor(POCKET_TTS_VERSION)): HubFile {
  const { tokenizer } = languageHub(release, language);
  return { repo: OPEN_REPO, revision: tokenizer.revision, path: tokenizer.path, required: true, kind: 'tokenizer', purpose: `tokenizer (${language})` };
}

/** The weights without voice cloning (what pocket-tts loads when the gated file is unavailable). */
export function weightsFile(language: string, release: PocketTtsRelease = releaseFor(POCKET_TTS_VERSION)): HubFile {
  return { repo: OPEN_REPO, revision: languageHub(release, language).open, path: `languages/${language}/model.safetensors`, required: true, kind: 'weights', purpose: `model weights (${language})` };
}

/** The gated weights with voice cloning. */
export function gatedWeightsFile(language: string, release: PocketTtsRelease = releaseFor(POCKET_TTS_VERSION)): HubFile {
  return { repo: GATED_REPO, revision: languageHub(release, language).gated, path: `languages/${language}/model.safetensors`, required: false, kind: 'weights-cloning', purpose: `weights with voice cloning (${language}, gated)` };
}

/** A catalog voice's state, at the release's voice commit. */
export function voiceFile(language: string, voice: string, release: PocketTtsRelease = releaseFor(POCKET_TTS_VERSION)): HubFile {
  return { repo: OPEN_REPO, revision: release.voicePin, path: `languages/${language}/embeddings/${voice}.safetensors`, required: true, kind: 'voice', purpose: `catalog voice ${voice} (${language})` };
}

/** Every file pocket-tts reads from the Hub for a request, in upstream's load order, at the release's pins. */
export function requiredHubFiles(request: HubFilesRequest): HubFile[] {
  const release = releaseFor(request.version ?? POCKET_TTS_VERSION);
  const { language } = request;
  const voices = [...new Set(request.catalogVoices ?? [languageHub(release, language).defaultVoice])];
  const unknown = voices.filter((voice) => !release.catalogVoices.includes(voice));
  if (unknown.length > 0) {
    throw new TtsError('INVALID_CONFIG', `pocket-tts ${release.version} has no catalog voice ${unknown.join(', ')}`, { field: 'voices', hint: `Use one of: ${release.catalogVoices.join(', ')}.` });
  }
  return [
    tokenizerFile(language, release),
    ...(request.cloning === true ? [gatedWeightsFile(language, release)] : []),
    weightsFile(language, release),
    ...voices.map((voice) => voiceFile(language, voice, release)),
  ];
}

/** A language's pins in a release; a language the release does not package is INVALID_CONFIG naming its list. */
export function languageHub(release: PocketTtsRelease, language: string): LanguageHub {
  const hub = release.languages[language];
  if (hub !== undefined) return hub;
  const hint = language === 'french' ? `pocket-tts ${release.version} only has the 24-layer French model: use "french_24l" (3.3.0 and later accept "french").` : `Use one of: ${Object.keys(release.languages).join(', ')}.`;
  throw new TtsError('INVALID_CONFIG', `pocket-tts ${release.version} has no built-in language "${language}"`, { field: 'language', hint });
}

/** `$HF_HUB_CACHE/models--<owner>--<repo>/snapshots/<commit>/<path>`: the standard hub cache layout. */
export function hubCachePath(hfHubCache: string, file: Pick<HubFile, 'repo' | 'revision' | 'path'>): string {
  return join(hfHubCache, `models--${file.repo.replaceAll('/', '--')}`, 'snapshots', file.revision, ...file.path.split('/'));
}

/** Where the files should land: `HF_HOME` when the hub cache is its default `hub/`, else `HF_HUB_CACHE`. */
export interface HubCacheTarget {
  hfHome: string;
  hfHubCache: string;
}

/**
 * One `hf download` command per repo and commit, prefixed with the cache variable so the files land
 * in the cache this runtime reads, e.g. `HF_HOME=/data/hf hf download kyutai/… languages/english/model.safetensors --revision d29d…`.
 */
export function fetchCommands(files: readonly HubFile[], target: HubCacheTarget): string[] {
  const groups = new Map<string, HubFile[]>();
  for (const file of files) groups.set(`${file.repo}@${file.revision}`, [...(groups.get(`${file.repo}@${file.revision}`) ?? []), file]);
  const prefix = target.hfHubCache === join(target.hfHome, 'hub') ? `HF_HOME=${shellQuote(target.hfHome)}` : `HF_HUB_CACHE=${shellQuote(target.hfHubCache)}`;
  return [...groups.values()].map((group) => {
    const first = group[0] as HubFile;
    const paths = group.map((file) => shellQuote(file.path)).join(' ');
    return `${prefix} hf download ${first.repo} ${paths} --revision ${first.revision}`;
  });
}

// Quotes a word for POSIX shells only when it needs it, so ordinary commands stay readable.
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
