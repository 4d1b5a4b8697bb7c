// The front's optional bearer token: every route but /health needs it; 401 with WWW-Authenticate otherwise.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, resolveServerOptions, type Pool } from '../../src/engines/pool/index.js';
import { startFront, type Front } from '../../src/serve/index.js';
import { Registry } from 'prom-client';
import { descendantsOf } from '../support/processes.js';
import { FAST, recordingLogger, sidecarRuntime } from '../engines/pool/support.js';

const TOKEN = 's3cret-token-value';

function ttsForm(): FormData {
  const form = new FormData();
  form.append('text', 'Only with the token.');
  return form;
}

describe('serve --token: bearer authentication on the front', () => {
  let pool: Pool;
  let front: Front;
  const { logger, lines } = recordingLogger();

  beforeAll(async () => {
    const runtime = await sidecarRuntime();
    pool = createPool({ runtime, server: resolveServerOptions({ ...FAST, workers: 1, fanOutChars: 0 }), maxQueue: 4, log: logger });
    await pool.start();
    front = await startFront({ pool, host: '127.0.0.1', port: 0, allowRemoteVoices: false, timeoutMs: 30_000, maxBodyBytes: 1024 * 1024, log: logger, token: TOKEN, metrics: new Registry() });
  });

  afterAll(async () => {
    await pool.close({ drain: false });
    await front.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('/health needs no token', async () => {
    expect((await fetch(`${front.url}/health`)).status).toBe(200);
  });

  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer wrong' }],
    ['a longer wrong token', { authorization: `Bearer ${TOKEN}x` }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
  ])('POST /tts with %s: 401 with WWW-Authenticate: Bearer, no token in the body', async (_name, headers: Record<string, string>) => {
    const res = await fetch(`${front.url}/tts`, { method: 'POST', body: ttsForm(), headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('/metrics and unknown paths need the token too', async () => {
    expect((await fetch(`${front.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${front.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${front.url}/nope`)).status).toBe(401);
  });

  it('POST /tts with the token: 200 audio', async () => {
    const res = await fetch(`${front.url}/tts`, { method: 'POST', body: ttsForm(), headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(44);
  });

  it('/v1/audio/speech: OpenAI\'s client with the token as its API key works; a wrong key is 401 in OpenAI\'s shape', async () => {
    const good = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
    const audio = Buffer.from(await (await good.audio.speech.create({ model: 'tts-1', input: 'Hello.', voice: 'alba' })).arrayBuffer());
    expect(audio.subarray(0, 4).toString('latin1')).toBe('RIFF');
    const bad = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    const error = await bad.audio.speech.create({ model: 'tts-1', input: 'Hello.', voice: 'alba' }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('UNAUTHORIZED');
  });

  it('the token is in no log line', () => {
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });
});
