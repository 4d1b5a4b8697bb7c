// HTTP helpers: multipart POST /tts with Node's fetch/FormData/Blob, and a body reader that records
// chunk arrival times.
import { performance } from 'node:perf_hooks';

export interface UploadFile {
  name: string;
  data: Uint8Array;
  type?: string;
}

export interface TtsFields {
  text?: string;
  voice_url?: string;
  voice_wav?: UploadFile;
}

/** POST /tts as multipart/form-data; only the given fields are sent. */
export async function postTts(baseUrl: string, fields: TtsFields, signal?: AbortSignal): Promise<Response> {
  const form = new FormData();
  if (fields.text !== undefined) form.append('text', fields.text);
  if (fields.voice_url !== undefined) form.append('voice_url', fields.voice_url);
  if (fields.voice_wav !== undefined) {
    const blob = new Blob([Buffer.from(fields.voice_wav.data)], { type: fields.voice_wav.type ?? 'application/octet-stream' });
    form.append('voice_wav', blob, fields.voice_wav.name);
  }
  return fetch(`${baseUrl}/tts`, { method: 'POST', body: form, signal });
}

export interface TimedBody {
  body: Buffer;
  /** Milliseconds (performance.now() clock) at which the first and last body bytes arrived. */
  firstByteAt: number | undefined;
  lastByteAt: number | undefined;
  /** Whether reading the body failed (e.g. the connection was cut). */
  error: unknown;
}

/** Reads a response body to its end, recording when bytes arrive. */
export async function readTimed(res: Response): Promise<TimedBody> {
  const parts: Buffer[] = [];
  let firstByteAt: number | undefined;
  let lastByteAt: number | undefined;
  let error: unknown;
  if (res.body) {
    const reader = res.body.getReader();
    try {
      for (;;) {
        const next = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (next.done || !next.value) break;
        const value = next.value;
        const now = performance.now();
        firstByteAt ??= now;
        lastByteAt = now;
        parts.push(Buffer.from(value));
      }
    } catch (e) {
      error = e;
    }
  }
  return { body: Buffer.concat(parts), firstByteAt, lastByteAt, error };
}
