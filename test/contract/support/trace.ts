// Reads the double's POCKET_TTS_DOUBLE_TRACE_FILE: one JSON object per command or /tts request.
import { readFile } from 'node:fs/promises';

export interface TraceEntry {
  command: string;
  pid: number;
  argv: string[];
  params: Record<string, unknown>;
  voice?: { kind: string; value: string } | null;
  text_chars?: number;
  [key: string]: unknown;
}

export async function readTrace(path: string): Promise<TraceEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TraceEntry);
}
