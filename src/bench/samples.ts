// The sample inputs shipped in src/bench/samples/: three texts and the recipes of the synthetic voices.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { assetPath } from '../assets.js';

/** The texts, shortest first: one sentence, a paragraph, a page. */
export const SAMPLE_TEXT_IDS = ['short', 'medium', 'long'] as const;
/** A sample text's id. */
export type SampleTextId = (typeof SAMPLE_TEXT_IDS)[number];

/** One sample text. */
export interface SampleText {
  id: SampleTextId;
  text: string;
  chars: number;
  /** Sentence ends (`.`, `!`, `?` before white space or the end): pocket-tts's own boundary. */
  sentences: number;
}

const VOWELS = ['a', 'e', 'i', 'o', 'u'] as const;

/** How a synthetic voice is made (see voices.ts). */
export const voiceSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Pitch in Hz. */
  f0: z.number().min(50).max(500),
  /** Formant frequencies are multiplied by this (a shorter vocal tract: > 1). */
  formantScale: z.number().min(0.5).max(2),
  seconds: z.number().min(0.5).max(30),
  /** One vowel per syllable, in order. */
  vowels: z.array(z.enum(VOWELS)).min(1),
});

/** A synthetic voice's recipe. */
export type VoiceSpec = z.infer<typeof voiceSpecSchema>;

/** The folder holding the sample files. */
export function samplesDir(): string {
  return assetPath('src', 'bench', 'samples');
}

/** Reads the texts named by `ids` (default: all three). */
export async function loadSampleTexts(ids: readonly SampleTextId[] = SAMPLE_TEXT_IDS): Promise<SampleText[]> {
  return Promise.all(
    ids.map(async (id) => {
      const text = (await readFile(`${samplesDir()}/${id}.txt`, 'utf8')).trim();
      return { id, text, chars: text.length, sentences: text.match(/[.!?](?=\s|$)/g)?.length ?? 0 };
    }),
  );
}

/** Reads the synthetic voices' recipes. */
export async function loadVoiceSpecs(): Promise<VoiceSpec[]> {
  const file = JSON.parse(await readFile(`${samplesDir()}/voices.json`, 'utf8')) as unknown;
  return z.object({ voices: z.array(voiceSpecSchema) }).parse(file).voices;
}
