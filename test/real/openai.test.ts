// serve's OpenAI speech endpoint (POST /v1/audio/speech) on the real pocket-tts, checked with OpenAI's
// official npm client (written by others: it is the check). The double's tests (test/serve/openai) compare
// bytes with CLI mode; random weights sample differently each time, so here every body is read field by field.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWavHeader } from '../../src/audio/index.js';
import { createPool, resolveServerOptions, type Pool } from '../../src/engines/pool/index.js';
import { silentLogger } from '../../src/request/index.js';
import { resolveRuntime } from '../../src/runtime/index.js';
import { startFront, type Front } from '../../src/serve/index.js';
import { descendantsOf } from '../support/processes.js';
import { real } from './fixtures.js';
import { checkWav } from './wav.js';

describe('serve\'s POST /v1/audio/speech on the real pocket-tts, with the openai client', () => {
  let pool: Pool;
  let front: Front;
  let client: OpenAI;

  beforeAll(async () => {
    const r = real();
    const runtime = await resolveRuntime({ home: r.home, runtime: r.runtime.id, hfHubCache: r.hubCache });
    pool = createPool({ runtime, server: resolveServerOptions({ workers: 1, fanOutChars: 0, healthIntervalMs: 0, startTimeoutMs: 600_000 }), maxQueue: 4, log: silentLogger });
    await pool.start();
    front = await startFront({ pool, host: '127.0.0.1', port: 0, allowRemoteVoices: false, timeoutMs: 300_000, maxBodyBytes: 1024 * 1024, log: silentLogger });
    client = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: 'not-checked', maxRetries: 0, timeout: 300_000 });
  }, 900_000);

  afterAll(async () => {
    await pool.close({ drain: false });
    await front.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('buffered wav, catalog voice: a whole streamed WAV (whole frames, the silent tail)', async () => {
    const res = await client.audio.speech.create({ model: 'tts-1', input: 'Hello from the OpenAI client.', voice: 'alba', response_format: 'wav' });
    expect(res.headers.get('content-type')).toBe('audio/wav');
    // A streamed WAV: upstream's header, whose sizes are placeholders (RUNTIME.md, "OpenAI's speech endpoint").
    checkWav(Buffer.from(await res.arrayBuffer()), 'stream', 'openai wav');
  });

  it('streamed pcm, default voice: several chunks that add up to whole frames and the silent tail', async () => {
    const res = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', input: 'Streaming one sentence. Then another one.', voice: 'alba', response_format: 'pcm', stream_format: 'audio' });
    expect(res.headers.get('content-type')).toBe('audio/pcm');
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
    expect(chunks.length).toBeGreaterThan(1);
    const pcm = Buffer.concat(chunks);
    // The same checks as a WAV file: prepend the header the wav format would carry (the package's own builder).
    const header = buildWavHeader({ dataBytes: pcm.length });
    checkWav(Buffer.concat([header, pcm]), 'exact', 'openai pcm');
  });

  it('refuses mp3 and an unknown voice in OpenAI\'s error shape, and keeps serving', async () => {
    const mp3 = await client.audio.speech.create({ model: 'tts-1', input: 'Hi.', voice: 'alba', response_format: 'mp3' }).then(() => null, (e: unknown) => e);
    expect(mp3).toBeInstanceOf(OpenAI.APIError);
    expect([(mp3 as InstanceType<typeof OpenAI.APIError>).status, (mp3 as InstanceType<typeof OpenAI.APIError>).param]).toEqual([400, 'response_format']);
    const voice = await client.audio.speech.create({ model: 'tts-1', input: 'Hi.', voice: 'alloy' }).then(() => null, (e: unknown) => e);
    expect([(voice as InstanceType<typeof OpenAI.APIError>).status, (voice as InstanceType<typeof OpenAI.APIError>).code]).toEqual([400, 'INVALID_VOICE']);
    const again = await client.audio.speech.create({ model: 'tts-1', input: 'Still here.', voice: 'alba' });
    checkWav(Buffer.from(await again.arrayBuffer()), 'stream', 'after refusals');
  });
});
