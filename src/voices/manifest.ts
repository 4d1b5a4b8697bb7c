// The voices manifest (`voices.json`): which voices to export, from what, with which model.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { TtsError } from '../errors/index.js';
import { zodError } from '../errors/zod.js';
import { LANGUAGES, isCatalogVoice } from '../request/catalog.js';

/** Voice names: they become file names, so lower-case letters, digits, `_` and `-`, at most 64 characters. */
export const VOICE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const nameSchema = z
  .string()
  .regex(VOICE_NAME_PATTERN, `must match ${VOICE_NAME_PATTERN.source} (lower-case letters, digits, _ and -, starting with a letter or digit, at most 64 characters)`)
  .refine((name) => !isCatalogVoice(name), 'is a catalog voice name; pick another name (the two would be ambiguous)');

const languageSchema = z.string().refine((l) => (LANGUAGES as readonly string[]).includes(l), {
  error: `must be one of ${LANGUAGES.join(', ')}`,
});

/** One manifest entry. `source`: a local audio file (relative to the manifest), a catalog name, or a URL. */
export const manifestVoiceSchema = z
  .strictObject({
    name: nameSchema,
    source: z.string().trim().min(1, 'must not be empty'),
    language: languageSchema.optional(),
    /** A pocket-tts YAML config (relative to the manifest), instead of a language. */
    config: z.string().min(1).optional(),
  })
  .refine((v) => v.language === undefined || v.config === undefined, { error: 'language and config cannot be used together', path: ['config'] });

/** `voices.json`: `{ "voices": [ { "name", "source", "language"? } ] }`, names unique. */
export const voicesManifestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    voices: z.array(manifestVoiceSchema),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.voices.forEach((voice, i) => {
      if (seen.has(voice.name)) ctx.addIssue({ code: 'custom', message: `duplicate voice name "${voice.name}"`, path: ['voices', i, 'name'] });
      seen.add(voice.name);
    });
  });

/** A manifest entry as written. */
export type ManifestVoice = z.infer<typeof manifestVoiceSchema>;

/** A loaded manifest: its absolute path and folder (relative paths resolve against it), and its voices. */
export interface VoicesManifest {
  file: string;
  dir: string;
  voices: ManifestVoice[];
}

/** Reads and validates a manifest; any problem is INVALID_CONFIG naming the field (e.g. `voices[2].name`). */
export async function loadManifest(file: string): Promise<VoicesManifest> {
  const path = resolve(file);
  const parsed = voicesManifestSchema.safeParse(await readJson(path));
  if (!parsed.success) {
    throw zodError('INVALID_CONFIG', parsed.error, (issue) => ({
      message: `voices manifest ${path}: ${issue.path === '' ? '' : `${issue.path} `}${issue.message}`,
      field: issue.path === '' ? 'manifest' : issue.path,
      hint: 'Fix the manifest: { "voices": [ { "name": "narrator", "source": "audio/narrator.wav", "language": "english" } ] } (see RUNTIME.md, "Voices").',
      details: { manifest: path, issues: issue.issues },
    }), { brackets: true });
  }
  return { file: path, dir: dirname(path), voices: parsed.data.voices };
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new TtsError('INVALID_CONFIG', missing ? `voices manifest ${path} does not exist` : `cannot read voices manifest ${path}: ${(error as Error).message}`, {
      field: 'manifest',
      hint: missing ? 'Create voices.json in the working directory, or pass --manifest FILE (manifest option).' : 'Fix its permissions.',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TtsError('INVALID_CONFIG', `voices manifest ${path} is not JSON: ${(error as Error).message}`, { field: 'manifest' });
  }
}
