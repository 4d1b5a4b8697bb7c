import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, resolveServerOptions, type Pool } from '../../src/engines/pool/index.js';
import type { RequestEvent } from '../../src/events/index.js';
import { silentLogger } from '../../src/request/index.js';
import { startFront, type Front } from '../../src/serve/index.js';
import { createTts, type Tts } from '../../src/tts/index.js';
import { tempDir, writeToneWav } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';
import { descendantsOf } from '../support/processes.js';
import { FAST, sidecarRuntime } from '../engines/pool/support.js';

// The check is a client written by others: OpenAI's official npm client, pointed at the front.
async function refusal(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(() => new Error('expected a refusal'), (e: unknown) => e);
  if (!(error instanceof OpenAI.APIError)) throw error as Error;
  return error;
}

describe('serve answers OpenAI\'s speech endpoint (POST /v1/audio/speech), checked with the openai client', () => {
  let dir: string;
  let exported: string;
  let pool: Pool;
  let front: Front;
  let cli: Tts;
  let client: OpenAI;
  const events: RequestEvent[] = [];

  beforeAll(async () => {
    dir = await tempDir('ptr-openai-');
    const runtime = await sidecarRuntime({ FAIL_FILE: join(dir, 'fail'), FRAME_MS: '2' });
    exported = join(dir, 'narrator.safetensors');
    await execa(fixtures().doubleBin, ['export-voice', await writeToneWav(join(dir, 'narrator.wav'), 1), exported, '-q'], { env: { ...process.env, POCKET_TTS_DOUBLE_LOAD_MS: '0' } });
    pool = createPool({ runtime, server: resolveServerOptions({ ...FAST, workers: 1, fanOutChars: 0 }), maxQueue: 4, log: silentLogger });
    await pool.start();
    await writeFile(join(dir, 'broken.safetensors'), 'not a state');
    const voices = new Map([['narrator', exported], ['broken', join(dir, 'broken.safetensors')]]);
    front = await startFront({ pool, host: '127.0.0.1', port: 0, allowRemoteVoices: false, timeoutMs: 30_000, maxBodyBytes: 1024 * 1024, log: silentLogger, voices, onRequest: (e) => events.push(e) });
    cli = createTts({ runtime, limits: { voiceRoots: [dir] } });
    client = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: 'not-checked', maxRetries: 0 });
  });

  afterAll(async () => {
    await cli.close();
    await pool.close({ drain: false });
    await front.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('buffered wav: the same audio as CLI mode, for a catalog voice', async () => {
    const input = 'Hello from the OpenAI client.';
    const res = await client.audio.speech.create({ model: 'tts-1', input, voice: 'alba', response_format: 'wav' });
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.subarray(44).equals((await cli.generate({ text: input, voice: 'alba' })).wav.subarray(44))).toBe(true);
  });

  it('response_format omitted is wav; pcm is the same samples without the header', async () => {
    const input = 'Raw samples, please.';
    const wav = Buffer.from(await (await client.audio.speech.create({ model: 'tts-1', input, voice: 'marius' })).arrayBuffer());
    const res = await client.audio.speech.create({ model: 'tts-1', input, voice: 'marius', response_format: 'pcm' });
    expect(res.headers.get('content-type')).toBe('audio/pcm');
    const pcm = Buffer.from(await res.arrayBuffer());
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(pcm.length).toBe(wav.length - 44);
    expect(pcm.equals(wav.subarray(44))).toBe(true);
  });

  it('streamed: the body arrives in several chunks as it is generated, and adds up to the buffered audio', async () => {
    const input = 'Streaming one sentence. Then another one, a little longer than the first.';
    const res = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', input, voice: 'alba', response_format: 'pcm', stream_format: 'audio' });
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals((await cli.generate({ text: input, voice: 'alba' })).wav.subarray(44))).toBe(true);
  });

  it('an exported voice by name is uploaded as its state: the same audio as the state file in CLI mode', async () => {
    const input = 'In the narrator\'s voice.';
    const wav = Buffer.from(await (await client.audio.speech.create({ model: 'tts-1', input, voice: 'narrator', response_format: 'wav' })).arrayBuffer());
    expect(wav.subarray(44).equals((await cli.generate({ text: input, voice: exported })).wav.subarray(44))).toBe(true);
    expect(events.at(-1)?.voice).toBe('exported');
  });

  it('POST /tts serves an exported voice name as voice_url, as generate does: its state is uploaded, no path in any answer (issues 17, 20)', async () => {
    const text = 'The narrator, over upstream\'s form.';
    const form = new FormData();
    form.append('text', text);
    form.append('voice_url', 'narrator');
    const res = await fetch(`${front.url}/tts`, { method: 'POST', body: form });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'audio/wav']);
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.subarray(44).equals((await cli.generate({ text, voice: exported })).wav.subarray(44))).toBe(true);
    expect(events.at(-1)?.voice).toBe('exported');
    const catalog = new FormData();
    catalog.append('text', 'A catalog name still works.');
    catalog.append('voice_url', 'alba');
    expect((await fetch(`${front.url}/tts`, { method: 'POST', body: catalog })).status).toBe(200);
    const broken = new FormData();
    broken.append('text', 'Broken state.');
    broken.append('voice_url', 'broken');
    const refused = await fetch(`${front.url}/tts`, { method: 'POST', body: broken });
    const body = await refused.text();
    expect(refused.status).toBe(400);
    expect(body).not.toContain(dir);
  });

  it('a typo\'d voice name is 400 INVALID_VOICE on both routes, with "did you mean" and the known names, no path (issues 17, 20)', async () => {
    const form = new FormData();
    form.append('text', 'Who is speaking?');
    form.append('voice_url', 'narator');
    const res = await fetch(`${front.url}/tts`, { method: 'POST', body: form });
    const body = (await res.json()) as { detail: string; code: string; field: string };
    expect([res.status, body.code, body.field]).toEqual([400, 'INVALID_VOICE', 'voice']);
    expect(body.detail).toMatch(/^unknown voice "narator" \(did you mean "narrator"\?\): .*known voices: narrator \(exported\), broken \(exported\), alba, /);
    expect(body.detail).toContain('daan)');
    expect(JSON.stringify(body)).not.toContain(dir);
    const openai = await refusal(client.audio.speech.create({ model: 'tts-1', input: 'Hi.', voice: 'albaa' }));
    expect([openai.status, openai.param, openai.code]).toEqual([400, 'voice', 'INVALID_VOICE']);
    expect(openai.message).toContain('unknown voice "albaa" (did you mean "alba"?)');
  });

  it.each(['../../../etc/passwd', 'file:///etc/passwd', '/abs/voice.wav'])('voice_url %s (not a name, not an accepted URL) is 400 INVALID_VOICE, never echoed', async (value) => {
    const form = new FormData();
    form.append('text', 'Whose voice?');
    form.append('voice_url', value);
    const res = await fetch(`${front.url}/tts`, { method: 'POST', body: form });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ code: 'INVALID_VOICE', field: 'voice' });
    expect(text).not.toContain(value);
    expect(text).not.toMatch(/\/(etc|abs)\//);
  });

  it.each([
    ['mp3', { response_format: 'mp3' as const }, 'response_format', /does not produce mp3.*"wav" or "pcm"/],
    ['an unknown format', { response_format: 'ogg' as unknown as 'wav' }, 'response_format', /not a known format/],
    ['a speed other than 1.0', { speed: 1.5 }, 'speed', /speed 1\.5 is not supported/],
    ['instructions', { instructions: 'whisper' }, 'instructions', /instructions are not supported/],
    ['server-sent events', { stream_format: 'sse' as const }, 'stream_format', /stream_format "sse" is not supported/],
    ['an OpenAI voice name', { voice: 'alloy' }, 'voice', /unknown voice "alloy": not a catalog or exported voice name \(known voices: narrator \(exported\), broken \(exported\), alba, marius/],
    ['a blank input', { input: '   ' }, 'input', /input cannot be empty/],
  ])('refuses %s with 400 in OpenAI\'s error shape, naming the parameter', async (_name, over, param, message) => {
    const error = await refusal(client.audio.speech.create({ model: 'tts-1', input: 'Hi.', voice: 'alba', ...over }));
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
    expect(error.code).toBe(param === 'voice' ? 'INVALID_VOICE' : 'INVALID_INPUT');
  });

  it('speed 1.0 is accepted; unknown fields, missing fields and bad JSON are refused in OpenAI\'s shape', async () => {
    const ok = await client.audio.speech.create({ model: 'tts-1', input: 'At normal speed.', voice: 'alba', speed: 1 });
    expect(Buffer.from(await ok.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('RIFF');
    const post = async (body: string) => {
      const res = await fetch(`${front.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: res.status, body: (await res.json()) as { error: { message: string; type: string; param: string | null; code: string | null } } };
    };
    const unknown = await post(JSON.stringify({ model: 'tts-1', input: 'x', voice: 'alba', pitch: 3 }));
    expect([unknown.status, unknown.body.error.param, unknown.body.error.message]).toEqual([400, 'pitch', 'Unrecognized request argument supplied: pitch']);
    const missing = await post(JSON.stringify({ model: 'tts-1', voice: 'alba' }));
    expect([missing.status, missing.body.error.param, missing.body.error.type]).toEqual([400, 'input', 'invalid_request_error']);
    const bad = await post('{"model": ');
    expect([bad.status, bad.body.error.message]).toEqual([400, 'the request body is not valid JSON']);
    expect((await fetch(`${front.url}/v1/audio/speech`)).status).toBe(405);
  });

  it('input follows the same text rules as /tts and createTts: 413 over the limit, 400 for a NUL', async () => {
    const long = await refusal(client.audio.speech.create({ model: 'tts-1', input: 'a'.repeat(20_001), voice: 'alba' }));
    expect([long.status, long.param]).toEqual([413, 'input']);
    const nul = await refusal(client.audio.speech.create({ model: 'tts-1', input: 'a\u0000b', voice: 'alba' }));
    expect([nul.status, nul.param]).toEqual([400, 'input']);
  });

  it('a failure before any audio is OpenAI\'s shape with the pool\'s status and code; after it, the body ends early', async () => {
    const broken = await refusal(client.audio.speech.create({ model: 'tts-1', input: 'Broken voice.', voice: 'broken' }));
    // A voice the sidecar cannot read is the client's mistake: 400, as on /tts (issue 20), never a path.
    expect([broken.status, broken.type, broken.param, broken.code]).toEqual([400, 'invalid_request_error', 'voice', 'INVALID_VOICE']);
    expect(broken.message).not.toContain(dir);
    await writeFile(join(dir, 'fail'), 'crash');
    try {
      const res = await client.audio.speech.create({ model: 'tts-1', input: 'This breaks after a few frames.', voice: 'alba' });
      expect(res.status).toBe(200); // audio had started: a streamed response cannot take it back
      expect(Buffer.from(await res.arrayBuffer()).length).toBeGreaterThan(44);
    } finally {
      await rm(join(dir, 'fail'), { force: true });
    }
    expect(events.at(-1)?.code).toBe('PROCESS_FAILED');
  });
});
