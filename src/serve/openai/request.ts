// The JSON body of OpenAI's `POST /v1/audio/speech`, checked into the pool's form (or a refusal).
import { z } from 'zod';
import { firstIssue } from '../../errors/zod.js';
import { namedVoice } from '../voice.js';
import type { TtsForm } from '../../engines/pool/wire/form.js';
import { openAiError, type OpenAiErrorBody } from './errors.js';

/** What the audio is sent as: `wav` (upstream's streamed WAV) or `pcm` (the same samples, no header). */
export type SpeechFormat = 'wav' | 'pcm';

/** Formats OpenAI names that pocket-tts does not produce: refused with a clear 400. */
const OTHER_FORMATS = ['mp3', 'opus', 'aac', 'flac'];

// Every field OpenAI documents; unknown ones are refused (as OpenAI does).
const speechSchema = z.strictObject({
  model: z.string().min(1),
  input: z.string(),
  voice: z.string().min(1),
  /** Default `wav` (OpenAI's default, mp3, is not produced here). */
  response_format: z.string().optional(),
  /** Only 1.0: pocket-tts has no speed control. */
  speed: z.number().optional(),
  /** gpt-4o-mini-tts's style prompt: refused unless empty. */
  instructions: z.string().optional(),
  /** `audio` (the default) streams the audio bytes; `sse` is refused. */
  stream_format: z.string().optional(),
});

/** A checked request: the form for the pool and the output format. */
export interface SpeechRequest {
  form: TtsForm;
  format: SpeechFormat;
}

/** A refusal in OpenAI's shape. */
export interface SpeechRefusal {
  status: number;
  body: OpenAiErrorBody;
}

/** Parses and checks the body; `voices` are exported voices by name (name → `.safetensors` file). */
export async function speechRequest(body: Buffer, voices: ReadonlyMap<string, string>): Promise<SpeechRequest | SpeechRefusal> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return openAiError('the request body is not valid JSON', null, 'INVALID_INPUT');
  }
  const parsed = speechSchema.safeParse(json);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    const param = issue.unknownKeys?.[0] ?? (issue.path === '' ? null : issue.path);
    const message = issue.unknownKeys === null ? `${param ?? 'body'}: ${issue.message}` : `Unrecognized request argument supplied: ${issue.unknownKeys.join(', ')}`;
    return openAiError(message, param, 'INVALID_INPUT');
  }
  const { input, voice, response_format: format = 'wav', speed, instructions, stream_format: streamFormat } = parsed.data;
  if (format !== 'wav' && format !== 'pcm') {
    const why = OTHER_FORMATS.includes(format) ? `this server does not produce ${format}` : `it is not a known format`;
    return openAiError(`response_format "${format}" is not supported: ${why}; use "wav" or "pcm" (16-bit mono at 24 kHz)`, 'response_format', 'INVALID_INPUT');
  }
  if (speed !== undefined && speed !== 1) return openAiError(`speed ${speed} is not supported: pocket-tts speaks at one speed; leave speed unset or 1.0`, 'speed', 'INVALID_INPUT');
  if (instructions !== undefined && instructions.trim() !== '') return openAiError('instructions are not supported by pocket-tts: leave them unset', 'instructions', 'INVALID_INPUT');
  if (streamFormat !== undefined && streamFormat !== 'audio') return openAiError(`stream_format "${streamFormat}" is not supported: the audio is streamed as bytes ("audio")`, 'stream_format', 'INVALID_INPUT');
  if (input.trim() === '') return openAiError('input cannot be empty', 'input', 'INVALID_INPUT');
  const named = await namedVoice(voice, voices);
  if ('fields' in named) return { form: { text: input, ...named.fields }, format };
  return openAiError(named.detail, 'voice', named.code, named.status);
}
