import { readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { Sidecar, createPool, resolveServerOptions, type Pool } from '../../src/engines/pool/index.js';
import { silentLogger } from '../../src/request/index.js';
import { startFront, type Front } from '../../src/serve/index.js';
import { createTts, type Tts } from '../../src/tts/index.js';
import { tempDir, writeToneWav } from '../support/double-runtime.js';
import { descendantsOf, waitUntil } from '../support/processes.js';
import { FAST, failure, nextEvent, sentences, sidecarRuntime } from '../engines/pool/support.js';

async function pids(trace: string): Promise<number[]> {
  const lines = (await readFile(trace, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  return lines.map((l) => JSON.parse(l) as { command: string; pid: number }).filter((l) => l.command === 'tts').map((l) => l.pid);
}

function detailOf(body: Buffer): unknown {
  return (JSON.parse(body.toString()) as { detail?: unknown }).detail;
}

// An upstream client: fetch with a FormData body, as any pocket-tts client would send it.
async function post(url: string, fields: Record<string, string | Blob>): Promise<{ status: number; type: string | null; body: Buffer }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value, ...(value instanceof Blob ? ['voice.wav'] : []));
  const res = await fetch(`${url}/tts`, { method: 'POST', body: form });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

describe('the pool front (pocket-tts-runtime serve) speaks upstream\'s wire API', () => {
  let dir: string;
  let trace: string;
  let pool: Pool;
  let front: Front;
  let cli: Tts;
  let remote: Tts;

  beforeAll(async () => {
    dir = await tempDir('ptr-front-');
    trace = join(dir, 'trace.jsonl');
    const runtime = await sidecarRuntime({ TRACE_FILE: trace, FAIL_FILE: join(dir, 'fail'), FRAME_MS: '2' });
    pool = createPool({ runtime, server: resolveServerOptions({ ...FAST, workers: 2, fanOutChars: 200 }), maxQueue: 1, log: silentLogger });
    await pool.start();
    front = await startFront({ pool, host: '127.0.0.1', port: 0, allowRemoteVoices: false, timeoutMs: 30_000, maxBodyBytes: 8 * 1024 * 1024, log: silentLogger });
    cli = createTts({ runtime, limits: { voiceRoots: [dir] } });
    remote = createTts({ mode: 'server', server: { url: front.url, workers: 4, startTimeoutMs: 5_000 }, limits: { voiceRoots: [dir] } });
  });

  afterAll(async () => {
    await Promise.all([remote.close(), cli.close()]);
    await pool.close({ drain: false });
    await front.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('GET /health is upstream\'s 200 while a worker is up; unknown paths and methods too', async () => {
    const health = await fetch(`${front.url}/health`);
    expect([health.status, await health.text()]).toEqual([200, '{"status":"healthy"}']);
    expect((await fetch(`${front.url}/nope`)).status).toBe(404);
    expect((await fetch(`${front.url}/tts`)).status).toBe(405);
  });

  it('POST /tts streams upstream\'s chunked audio/wav (placeholder sizes), the same audio as CLI mode', async () => {
    const text = 'Hello from the front.';
    const res = await post(front.url, { text });
    expect([res.status, res.type]).toEqual([200, 'audio/wav']);
    expect(res.body.readUInt32LE(40)).toBe(2_000_000_000);
    expect(res.body.subarray(44).equals((await cli.generate({ text })).wav.subarray(44))).toBe(true);
  });

  it('answers upstream\'s statuses and details for bad forms', async () => {
    const missing = await post(front.url, { voice_url: 'alba' });
    expect([missing.status, missing.body.toString()]).toEqual([422, '{"detail":[{"type":"missing","loc":["body","text"],"msg":"Field required","input":null}]}']);
    const blank = await post(front.url, { text: '   ' });
    expect([blank.status, detailOf(blank.body)]).toEqual([400, 'Text cannot be empty']);
    const both = await post(front.url, { text: 'x', voice_url: 'alba', voice_wav: new Blob([Buffer.from('RIFF')]) });
    expect([both.status, detailOf(both.body)]).toEqual([400, 'Cannot provide both voice_url and voice_wav']);
    const remoteVoice = await post(front.url, { text: 'x', voice_url: 'https://example.com/v.wav' });
    expect(remoteVoice.status).toBe(400);
    const unparsable = await fetch(`${front.url}/tts`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=zz' }, body: 'garbage' });
    expect([unparsable.status, await unparsable.text()]).toEqual([400, '{"detail":"There was an error parsing the body"}']);
  });

  it('spreads concurrent requests over the workers instead of overlapping them on one model', async () => {
    const before = (await pids(trace)).length;
    const results = await Promise.all([post(front.url, { text: 'One at a time.' }), post(front.url, { text: 'Each on its own.' })]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(new Set((await pids(trace)).slice(before)).size).toBe(2);
  });

  it('a client that disconnects mid-stream gets its worker stopped and replaced', async () => {
    const before = pool.fleet.pids();
    const recycled = nextEvent(pool, 'recycle');
    const { body, contentType } = await import('../../src/engines/pool/index.js').then((m) => m.encodeForm({ text: sentences(3) }));
    await new Promise<void>((resolve, reject) => {
      const req = request(`${front.url}/tts`, { method: 'POST', headers: { 'content-type': contentType } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.once('error', () => undefined);
      req.end(body);
      setTimeout(() => reject(new Error('no audio')), 20_000).unref();
    });
    const { pid } = await recycled;
    expect(before).toContain(pid);
    await waitUntil(() => pool.fleet.readyCount() === 2 && !pool.fleet.pids().includes(pid as number), { what: 'the replacement', timeoutMs: 20_000 });
    expect(await descendantsOf(process.pid)).not.toContain(pid);
  });

  it('external pool by URL: the same API and bytes through createTts, with no runtime and no sidecar of its own', async () => {
    const text = sentences(8);
    const [viaUrl, direct] = [await remote.generate({ text }), await cli.generate({ text })];
    expect(viaUrl.wav.equals(direct.wav)).toBe(true);
    const streamed: Buffer[] = [];
    for await (const chunk of remote.stream({ text: 'Streamed through.' })) streamed.push(chunk as Buffer);
    expect(Buffer.concat(streamed).subarray(44).equals((await cli.generate({ text: 'Streamed through.' })).wav.subarray(44))).toBe(true);
  });

  it('external pool by URL: the same errors (pool code, trailer after a mid-stream failure, QUEUE_FULL)', async () => {
    const bad = join(dir, 'bad.wav');
    await writeFile(bad, 'not a wav');
    const voice = await failure(remote.generate({ text: 'Bad voice.', voice: bad }));
    expect(isTtsError(voice, 'INVALID_VOICE') && voice.shortMessage).toContain('does not start with RIFF id');
    await writeFile(join(dir, 'fail'), 'crash');
    const crash = await failure(remote.generate({ text: 'This breaks after a few frames.' }));
    await rm(join(dir, 'fail'), { force: true });
    expect(isTtsError(crash, 'PROCESS_FAILED') && crash.shortMessage).toContain('simulated crash mid-stream');
    expect(isTtsError(crash) && crash.stderr).toBeFalsy(); // the front keeps the sidecar's stderr in its log
    const wav = await writeToneWav(join(dir, 'slow.wav'), 1);
    const busy = 'Busy for a good while, one frame after another, while the others wait their turn in line.';
    const load = [0, 1, 2, 3].map(() => remote.generate({ text: busy, voice: wav }).then(() => 'ok', (e: unknown) => (isTtsError(e) ? e.code : 'other')));
    expect((await Promise.all(load)).sort()).toContain('QUEUE_FULL');
  });

  it('external pool by URL: readiness is gated by /health (SERVER_START_FAILED when nothing answers)', async () => {
    const nobody = createTts({ mode: 'server', server: { url: 'http://127.0.0.1:9', startTimeoutMs: 300 } });
    expect(isTtsError(await failure(nobody.ready()), 'SERVER_START_FAILED')).toBe(true);
    await nobody.close();
  });

  it('external URL may also be a bare pocket-tts server (one of the double\'s sidecars)', async () => {
    const sidecar = await Sidecar.start({ runtime: await sidecarRuntime(), host: '127.0.0.1', startTimeoutMs: 30_000, log: silentLogger });
    const bare = createTts({ mode: 'server', server: { url: sidecar.url, workers: 1 } });
    try {
      expect((await bare.generate({ text: 'Plain upstream server.' })).samples).toBeGreaterThan(0);
    } finally {
      await bare.close();
      await sidecar.stop(2_000);
    }
  });

  it('GET /health answers 503 once no worker is up', async () => {
    await pool.close({ drain: false });
    const res = await fetch(`${front.url}/health`);
    expect(res.status).toBe(503);
  });
});
