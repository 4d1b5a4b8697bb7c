import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../fs/write-atomic.js';
import type { Runtime } from '../runtime/types.js';
import { createTts } from '../tts/create.js';
import { isContractDouble } from '../pocket-tts/index.js';

/** What the smoke generation proved. */
export interface SmokeResult {
  file: string;
  voice: string;
  audioMs: number;
  wallMs: number;
  /** Audio seconds per wall second (above 1: faster than real time). */
  realTimeFactor: number;
  synthetic: boolean;
}

/** Speaks one short sentence through the real runner (CLI mode) and writes it to `out` atomically. */
export async function smokeTest(runtime: Runtime, text: string, voice: string | undefined, out: string, voicesDir: string | undefined): Promise<SmokeResult> {
  const tts = createTts({ runtime, concurrency: 1, timeoutMs: 600_000, limits: { voiceRoots: ['/'] }, ...(voicesDir === undefined ? {} : { voices: { dir: voicesDir } }) });
  try {
    const result = await tts.generate({ text, ...(voice === undefined ? {} : { voice }) });
    await mkdir(dirname(out), { recursive: true });
    await writeFileAtomic(out, result.wav);
    return {
      file: out,
      voice: voice ?? 'the language default',
      audioMs: result.durationMs,
      wallMs: result.timings.totalMs,
      realTimeFactor: result.durationMs / result.timings.totalMs,
      synthetic: isContractDouble(runtime.versions.pocketTts),
    };
  } finally {
    await tts.close();
  }
}
