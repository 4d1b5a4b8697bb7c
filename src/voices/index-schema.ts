// The exported-voices index (`<voicesDir>/index.json`): what `voices export` writes, preflight and the runner read.
import { z } from 'zod';

/** One exported voice: its state file beside the index, where it came from, and the cache key it was made with. */
export const voiceIndexEntrySchema = z.object({
  /** File name inside the voices folder (no path separators). */
  file: z.string().regex(/^[^/\\]+$/, 'must be a file name inside the voices folder').refine((f) => f !== '.' && f !== '..', 'must be a file name'),
  /** The source as the manifest names it (path, catalog name or URL). */
  source: z.string().optional(),
  /** sha256 of the source file's bytes; for a catalog name or a URL, of that text. */
  sourceSha256: z.string().optional(),
  pocketTtsVersion: z.string().optional(),
  /** The built-in language the state was encoded with (absent with a custom config). */
  language: z.string().optional(),
  /** The custom config (absolute path) and its sha256, when one was used instead of a language. */
  config: z.string().optional(),
  configSha256: z.string().optional(),
  /** sha256 and size of the exported `.safetensors` file. */
  sha256: z.string().optional(),
  size: z.number().int().min(0),
  exportedAt: z.string().optional(),
});

/** `index.json` of an exported-voices folder, schema version 1. */
export const voiceIndexSchema = z.object({
  schemaVersion: z.literal(1),
  voices: z.record(z.string(), voiceIndexEntrySchema),
});

/** A parsed voice index. */
export type VoiceIndex = z.infer<typeof voiceIndexSchema>;

/** One voice of a parsed index. */
export type VoiceIndexEntry = z.infer<typeof voiceIndexEntrySchema>;
