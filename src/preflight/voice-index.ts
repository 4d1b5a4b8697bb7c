// The exported-voices index (`<voicesDir>/index.json`), as the voices exporter writes it.
import { z } from 'zod';

/** One exported voice: its state file beside the index and where it came from. */
export const voiceIndexEntrySchema = z.object({
  /** File name inside the voices folder (no path separators). */
  file: z.string().regex(/^[^/\\]+$/, 'must be a file name inside the voices folder').refine((f) => f !== '.' && f !== '..', 'must be a file name'),
  source: z.string().optional(),
  sourceSha256: z.string().optional(),
  pocketTtsVersion: z.string().optional(),
  language: z.string().optional(),
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
