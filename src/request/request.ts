import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { TtsError } from '../errors/index.js';
import { zodError } from '../errors/zod.js';
import { LANGUAGES, YAML_CONFIG_NAME, isLanguage, type Language } from './catalog.js';
import { GENERATION_PARAMETERS, type GenerationParameters } from './parameters.js';
import { prepareText, type ControlCharacterPolicy } from './text.js';
import { resolveVoice, type ResolvedVoice, type VoicePolicy } from './voice.js';

/** One generation request. Unset parameters keep pocket-tts's defaults (see RUNTIME.md's mapping table). */
export interface GenerateRequest extends GenerationParameters {
  text: string;
  /** A catalog name, a name from the voices manifest, a .safetensors/.wav file inside the voice roots, or (when enabled) a URL. */
  voice?: string;
  /** A built-in language (default english); exclusive with `config`. */
  language?: Language;
  /** A local pocket-tts YAML config; exclusive with `language`. */
  config?: string;
  signal?: AbortSignal;
  /** Overrides the instance's default timeout for this request. */
  timeoutMs?: number;
}

/** A request that passed validation: text cleaned, voice resolved, parameters checked. */
export interface ValidatedRequest {
  text: string;
  voice: ResolvedVoice;
  language: Language | undefined;
  config: string | undefined;
  params: GenerationParameters;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** The limits a request is validated against (from createTts options, defaults applied). */
export interface RequestLimits {
  maxTextLength: number;
  controlCharacters: ControlCharacterPolicy;
  voices: VoicePolicy;
  defaultTimeoutMs: number;
}

const parameterShape = Object.fromEntries(GENERATION_PARAMETERS.map((p) => [p.option, p.schema.optional()]));

const requestSchema = z.strictObject({
  text: z.string({ error: 'text must be a string' }),
  voice: z.string().min(1).optional(),
  language: z.string().optional(),
  config: z.string().min(1).optional(),
  signal: z.instanceof(AbortSignal).optional(),
  timeoutMs: z.number().int().positive().max(2_147_483_647).optional(),
  ...parameterShape,
});

/**
 * Validates a request completely before any process starts. Every refusal is a TtsError with code
 * INVALID_INPUT or INVALID_VOICE and the field named.
 */
export async function validateRequest(input: unknown, limits: RequestLimits): Promise<ValidatedRequest> {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  const { text, voice, language, config, signal, timeoutMs, ...params } = parsed.data;
  if (language !== undefined && config !== undefined) {
    throw new TtsError('INVALID_INPUT', 'language and config cannot be used together', { field: 'config', hint: 'Pass either a built-in language or a config file.' });
  }
  return {
    text: prepareText(text, limits.controlCharacters, limits.maxTextLength),
    language: language === undefined ? undefined : checkLanguage(language),
    config: config === undefined ? undefined : await checkConfig(config),
    voice: await resolveVoice(voice, limits.voices, config !== undefined),
    params,
    timeoutMs: timeoutMs ?? limits.defaultTimeoutMs,
    signal,
  };
}

function checkLanguage(language: string): Language {
  if (isLanguage(language)) return language;
  throw new TtsError('INVALID_INPUT', `unknown language "${language}"`, { field: 'language', hint: `Use one of: ${LANGUAGES.join(', ')}.` });
}

// What pocket-tts itself would refuse only after loading Python (a path not ending in .yaml/.yml is a
// ValueError with a traceback), refused here before any process: a built-in name, a non-YAML file, a folder.
async function checkConfig(config: string): Promise<string> {
  const refuse = (why: string, hint = 'Pass the path of a pocket-tts YAML config (.yaml or .yml).') => new TtsError('INVALID_INPUT', `config ${config}: ${why}`, { field: 'config', hint });
  if (isLanguage(config)) throw refuse('is a built-in language, not a config file', `Use --language ${config} (language: "${config}" in the API) instead of a config.`);
  if (!YAML_CONFIG_NAME.test(config)) throw refuse('is not a pocket-tts YAML config (the name must end in .yaml or .yml)');
  const path = resolve(config);
  const info = await stat(path).catch(() => null);
  if (info === null) throw refuse('does not exist');
  if (!info.isFile()) throw refuse('is not a file');
  await access(path, constants.R_OK).catch(() => {
    throw refuse('is not readable');
  });
  return path;
}

function fromZod(error: z.ZodError): TtsError {
  return zodError('INVALID_INPUT', error, ({ path, message, unknownKeys, didYouMean, issues }) => {
    const field = unknownKeys === null ? path : unknownKeys.join(', ');
    const range = GENERATION_PARAMETERS.find((p) => p.option === field)?.range;
    return {
      message: unknownKeys === null ? `${field}: ${message}` : `unknown option(s): ${field}${didYouMean}`,
      field,
      hint: range === undefined ? 'See the request fields in RUNTIME.md.' : `${field} accepts ${range}.`,
      details: { issues },
    };
  }, { schema: requestSchema });
}
