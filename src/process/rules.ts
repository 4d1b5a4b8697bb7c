// The contract's "Error messages seen on stderr" table as data: which exception means which error code.
import type { TtsErrorCode } from '../errors/index.js';
import type { PythonException } from './traceback.js';

/** What the request named: tells a missing voice file from a missing config file. */
export interface FailureContext {
  voice?: string;
  config?: string;
}

/** A rule's outcome: the code, and the request field at fault when there is one. */
export interface Verdict {
  code: TtsErrorCode;
  field?: string;
}

/** One row: a name for humans, a test on the exception, and the verdict (fixed or computed). */
export interface ExceptionRule {
  name: string;
  test: (e: PythonException, ctx: FailureContext) => boolean;
  verdict: Verdict | ((e: PythonException, ctx: FailureContext) => Verdict);
}

const DOWNLOAD_TYPES = new Set([
  'LocalEntryNotFoundError', 'EntryNotFoundError', 'RepositoryNotFoundError', 'RevisionNotFoundError',
  'GatedRepoError', 'HfHubHTTPError', 'OfflineModeIsEnabled', 'ConnectionError', 'HTTPError', 'URLError',
  'Timeout', 'ConnectTimeout', 'ReadTimeout', 'SSLError', 'ProxyError', 'MaxRetryError', 'ChunkedEncodingError',
]);
const NOT_IN_CACHE = /cannot find the requested files in the local cache/;
const SHARED_LIBRARY = /\.so(?:\.\d+)*\b|\.dylib\b|\.dll\b|shared object|undefined symbol|cannot load library/i;
const CLONING = /We could not download the weights for the model with voice cloning/;
const LANGUAGE = /only a larger 24-layer model is available|Please use the '[^']+' language instead/;
const VOICE: Verdict = { code: 'INVALID_VOICE', field: 'voice' };
const CONFIG: Verdict = { code: 'INVALID_INPUT', field: 'config' };

/** Exception rules, first match wins (order matters: soundfile before the generic ImportError). */
export const EXCEPTION_RULES: readonly ExceptionRule[] = [
  { name: 'soundfile needed for a non-WAV voice', test: (e) => isImport(e) && /soundfile/.test(e.text), verdict: VOICE },
  { name: 'voice not decodable by soundfile', test: (e) => /^(?:LibsndfileError|SoundFileError)$/.test(leaf(e)), verdict: VOICE },
  { name: 'dependency missing', test: isImport, verdict: { code: 'RUNTIME_BROKEN' } },
  {
    name: 'shared library not loadable',
    test: (e) => leaf(e) === 'OSError' && SHARED_LIBRARY.test(e.text),
    verdict: { code: 'RUNTIME_BROKEN' },
  },
  {
    name: 'weights or voice not downloadable',
    test: (e) => DOWNLOAD_TYPES.has(leaf(e)) || NOT_IN_CACHE.test(e.text),
    verdict: { code: 'MODEL_DOWNLOAD_FAILED' },
  },
  { name: 'file missing', test: (e) => leaf(e) === 'FileNotFoundError', verdict: missingFile },
  {
    name: 'voice file unreadable',
    test: (e, ctx) => /^(?:PermissionError|IsADirectoryError)$/.test(leaf(e)) && names(e, ctx.voice),
    verdict: VOICE,
  },
  { name: 'voice not a WAV', test: (e) => e.type === 'wave.Error' || /does not start with RIFF id/.test(e.text), verdict: VOICE },
  { name: 'catalog voice with a custom config', test: (e) => /Cannot use predefined voices/.test(e.text), verdict: VOICE },
  { name: 'invalid safetensors', test: (e) => leaf(e) === 'SafetensorError', verdict: badSafetensors },
  { name: 'voice cloning weights unavailable', test: (e) => CLONING.test(e.text), verdict: { code: 'VOICE_CLONING_UNAVAILABLE' } },
  { name: 'config and language both given', test: (e) => /Cannot specify both config and language/.test(e.text), verdict: CONFIG },
  { name: 'language refused', test: (e) => LANGUAGE.test(e.text), verdict: { code: 'INVALID_INPUT', field: 'language' } },
];

/** The verdict of the first matching rule, PROCESS_FAILED when none matches. */
export function judgeException(e: PythonException, ctx: FailureContext): Verdict {
  const rule = EXCEPTION_RULES.find((r) => r.test(e, ctx));
  if (rule === undefined) return { code: 'PROCESS_FAILED' };
  return typeof rule.verdict === 'function' ? rule.verdict(e, ctx) : rule.verdict;
}

// A missing file is the config when the message names it; else the voice (the table's row), unless the
// voice is known, not named, and a config is in use (its weights or tokenizer paths point at the file).
function missingFile(e: PythonException, ctx: FailureContext): Verdict {
  if (names(e, ctx.config)) return CONFIG;
  if (names(e, ctx.voice) || ctx.voice === undefined || ctx.config === undefined) return VOICE;
  return CONFIG;
}

// An unreadable .safetensors is the voice state, unless the voice is known to be something else.
function badSafetensors(_e: PythonException, ctx: FailureContext): Verdict {
  if (ctx.voice === undefined || ctx.voice.endsWith('.safetensors')) return VOICE;
  return ctx.config === undefined ? { code: 'PROCESS_FAILED' } : CONFIG;
}

function names(e: PythonException, path: string | undefined): boolean {
  return path !== undefined && path !== '' && e.text.includes(path);
}

function isImport(e: PythonException): boolean {
  return leaf(e) === 'ModuleNotFoundError' || leaf(e) === 'ImportError';
}

// The class name without its module: `requests.exceptions.ConnectionError` → `ConnectionError`.
function leaf(e: PythonException): string {
  return e.type.slice(e.type.lastIndexOf('.') + 1);
}
