// The JSON lines `src/python/export_voices.py` prints on stdout, validated before use.
import { z } from 'zod';

const model = { language: z.string().nullable(), config: z.string().nullable() };

/** One helper event. */
export const helperEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('loading'), ...model }),
  z.object({ event: z.literal('loaded'), ...model, ms: z.number() }),
  z.object({ event: z.literal('started'), name: z.string() }),
  z.object({ event: z.literal('exported'), name: z.string(), ms: z.number() }),
  z.object({ event: z.literal('failed'), name: z.string(), error: z.string() }),
  z.object({ event: z.literal('unsupported'), error: z.string() }),
  z.object({ event: z.literal('done') }),
]);

/** A parsed helper event. */
export type HelperEvent = z.infer<typeof helperEventSchema>;

/** Parses one stdout line; null for anything that is not a known event (never throws). */
export function parseHelperEvent(line: string): HelperEvent | null {
  try {
    const parsed = helperEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
